#!/usr/bin/env bash
# Installs the external tools the test suite and CI use, pinned, into .tools/
# (git-ignored). Safe to run repeatedly: a tool already at its pinned version is
# left alone. Go tools are built from the Go module proxy with `go install`;
# lcov comes from Debian's packages.
#
# Usage: scripts/install-tools.sh            install everything
#        scripts/install-tools.sh --print    print the pinned versions
set -euo pipefail

OSV_SCANNER_VERSION=v2.5.1  # newest v2 that builds with Go 1.26 (v2.6.0 needs Go 1.27)
GOLANGCI_LINT_VERSION=v2.15.0
ACTIONLINT_VERSION=v1.7.12

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="$root/.tools/bin"
stamps="$root/.tools/stamps"
mkdir -p "$bin" "$stamps"

if [[ "${1:-}" == "--print" ]]; then
  printf 'osv-scanner %s\ngolangci-lint %s\nactionlint %s\n' \
    "$OSV_SCANNER_VERSION" "$GOLANGCI_LINT_VERSION" "$ACTIONLINT_VERSION"
  exit 0
fi

command -v go >/dev/null || { echo "install-tools: Go is required (https://go.dev/dl/)" >&2; exit 1; }

# go_tool NAME PACKAGE VERSION: go install PACKAGE@VERSION into .tools/bin unless the stamp says it is there.
go_tool() {
  local name=$1 pkg=$2 version=$3
  if [[ -x "$bin/$name" && "$(cat "$stamps/$name" 2>/dev/null)" == "$version" ]]; then
    return 0
  fi
  echo "install-tools: building $name $version" >&2
  GOBIN="$bin" GOFLAGS=-mod=mod go install "$pkg@$version"
  echo "$version" >"$stamps/$name"
}

go_tool osv-scanner github.com/google/osv-scanner/v2/cmd/osv-scanner "$OSV_SCANNER_VERSION"
go_tool golangci-lint github.com/golangci/golangci-lint/v2/cmd/golangci-lint "$GOLANGCI_LINT_VERSION"
go_tool actionlint github.com/rhysd/actionlint/cmd/actionlint "$ACTIONLINT_VERSION"

# lcov (for checking our lcov totals against `lcov --summary`) is a Debian package. As root (this
# machine, containers) apt-get runs directly; on a CI runner with passwordless sudo, through sudo.
if ! command -v lcov >/dev/null; then
  if [[ $(id -u) == 0 ]]; then sudo=(); elif sudo -n true 2>/dev/null; then sudo=(sudo -n); else sudo=(missing); fi
  if command -v apt-get >/dev/null && [[ ${sudo[0]:-} != missing ]]; then
    echo "install-tools: installing lcov from Debian's packages" >&2
    "${sudo[@]}" apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq lcov >/dev/null
  else
    echo "install-tools: lcov is missing; install it with your package manager (apt-get install lcov)" >&2
    exit 1
  fi
fi

echo "install-tools: tools ready in .tools/bin" >&2
