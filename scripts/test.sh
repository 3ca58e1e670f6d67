#!/usr/bin/env bash
# The whole test suite, exactly what `npm test`, .ci/run and the GitHub workflow run:
# pinned tools, lint, type-check, every Vitest test (unit, the real Go toolchain on a
# generated service, the real osv-scanner, a real HTTP server for the GitHub API) with
# coverage, then goldenpath's own policy gate on this repository (dogfooding).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

step() { printf '\n== %s\n' "$*"; }

step "tools (pinned, cached in .tools/)"
bash scripts/install-tools.sh

step "lint"
npx eslint .

step "type-check"
npx tsc -p tsconfig.json --noEmit

step "tests"
mkdir -p coverage
status=0
npx vitest run --coverage --reporter=default --reporter=json --outputFile.json=coverage/vitest-results.json || status=$?
# One plain closing line that CI log readers understand, from Vitest's own JSON results.
node -e '
  const r = JSON.parse(require("fs").readFileSync("coverage/vitest-results.json", "utf8"));
  const skipped = r.numPendingTests + r.numTodoTests;
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed` + (skipped ? `, ${skipped} skipped` : ""));
' || true
[[ $status == 0 ]] || exit "$status"

step "goldenpath check on this repository"
# The vulnerability gate runs offline against the same database the tests use.
node dist/generators/cli/goldenpath.js check . --only deps,coverage,vulns \
  --osv-scanner .tools/bin/osv-scanner --offline-db "${GOLDENPATH_OSV_DB:-../shared/osv-db}"
