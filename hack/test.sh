#!/usr/bin/env bash
# The one test command: builds the solution and runs every test project that can run on this
# machine (unit, the operator against the in-process fake API server, the sensor over loopback,
# the chart with a real helm, VictoriaMetrics really scraping). The kind e2e suite is separate:
# hack/e2e.sh.
#
# Environment:
#   CI=true        a test skipped because a tool is missing fails the run instead
#   CONFIGURATION  build configuration (default Release)
#   TEST_FILTER    passed to `dotnet test --filter` (default: everything)
# Takes a few minutes; the first run also restores NuGet packages.
# Ends with one line: "N passed, N failed" (", N skipped" when any).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
configuration="${CONFIGURATION:-Release}"
results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

# Tools installed by hack/tools.sh come first on PATH.
export PATH="$root/.tools/bin:$PATH"

dotnet build SensorOperator.sln -c "$configuration" -nologo -clp:ErrorsOnly

projects=()
while IFS= read -r project; do projects+=("$project"); done < <(
  find tests -name '*.Tests.csproj' -not -path 'tests/E2E.Tests/*' | sort)

status=0
for project in "${projects[@]}"; do
  name="$(basename "$project" .csproj)"
  args=(test "$project" -c "$configuration" --no-build -nologo
        --logger "trx;LogFileName=$name.trx" --results-directory "$results")
  if [[ -n "${TEST_FILTER:-}" ]]; then args+=(--filter "$TEST_FILTER"); fi
  dotnet "${args[@]}" || status=1
done

passed=0 failed=0 skipped=0
for trx in "$results"/*.trx; do
  [[ -e "$trx" ]] || continue
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)"
  attr() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters"; }
  total="$(attr total)" executed="$(attr executed)" p="$(attr passed)" f="$(attr failed)"
  e="$(attr error)" t="$(attr timeout)" a="$(attr aborted)"
  passed=$((passed + p))
  failed=$((failed + f + ${e:-0} + ${t:-0} + ${a:-0}))
  skipped=$((skipped + total - executed))
done

if [[ "${CI:-}" == "true" && $skipped -gt 0 ]]; then
  echo "CI=true: $skipped test(s) skipped; every tier must run in CI (see the skip reasons above)." >&2
  status=1
fi
if [[ ${#projects[@]} -eq 0 || $((passed + failed)) -eq 0 ]]; then
  echo "no test ran" >&2
  status=1
fi

summary="$passed passed, $failed failed"
if [[ $skipped -gt 0 ]]; then summary+=", $skipped skipped"; fi
echo "$summary"
exit "$status"
