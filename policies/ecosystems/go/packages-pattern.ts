/**
 * The folders the go tool leaves out of `./...` (`go help packages`): a
 * go.mod inside them is not part of the module tree `go build ./...`,
 * `go test ./...` or `go mod tidy` works on.
 */

/**
 * Whether `go ./...` skips a folder of this name: names starting with `.` or
 * `_`, `testdata`, and `vendor` (vendored copies of other modules).
 */
export function goSkipsDirectory(name: string): boolean {
  return name === 'vendor' || name === 'testdata' || name.startsWith('.') || name.startsWith('_');
}
