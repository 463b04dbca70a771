#!/usr/bin/env bash
# The one test command: installs what the tiers need (Debian packages as root on Debian, else it
# prints the install line and what will be skipped; pinned tools via hack/tools.sh), builds the
# solution and runs every test project that can run on this machine (unit, the operator against
# the in-process fake API server, the sensor over loopback, the chart with a real helm,
# VictoriaMetrics really scraping). The kind e2e suite is separate: hack/e2e.sh.
#
# Environment:
#   CI=true        a test skipped because a tool is missing fails the run instead (and so does a
#                  package that cannot be installed)
#   CONFIGURATION  build configuration (default Release)
#   TEST_FILTER    passed to `dotnet test --filter` (default: everything)
# Takes a few minutes (1-2 more when the operator changed and its NativeAOT binary is compiled
# again); the first run also restores NuGet packages.
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

# What the tiers need, so this one command works on a fresh machine: the Debian packages of
# hack/lib/test-packages.sh (installed as root on Debian, else the install line and the tiers that
# will be skipped are printed), then the pinned tools of hack/tools.sh into .tools/bin.
# shellcheck source=hack/lib/test-packages.sh
source "$root/hack/lib/test-packages.sh"
if ! ensure_test_packages; then
  echo "CI=true: every tier must run; install the packages above first." >&2
  exit 1
fi
if ! "$root/hack/tools.sh"; then
  echo "test.sh: hack/tools.sh failed (above): the chart tests need its helm, the scrape and" \
    "alerting tests its victoria-metrics, vmalert and promtool; they use PATH or skip." >&2
  [[ "${CI:-}" != "true" ]] || exit 1
fi

dotnet build SensorOperator.sln -c "$configuration" -nologo -clp:ErrorsOnly

# The NativeAOT operator binary, which tests/Operator.Tests runs as a process beside the JIT build
# (Integration/OperatorBinaryTests). Trim and AOT warnings are errors, so this step also proves
# there are none. Incremental: an unchanged operator is not compiled again (1-2 minutes when it is).
# It needs clang and zlib (hack/lib/test-packages.sh); without them the publish fails, and the AOT
# test then skips (or, with CI=true, fails).
case "$(uname -m)" in aarch64 | arm64) rid=linux-arm64 ;; *) rid=linux-x64 ;; esac
if ! dotnet publish src/Operator/Operator.csproj -c "$configuration" -r "$rid" -nologo -clp:ErrorsOnly \
    -o "$root/artifacts/operator-aot"; then
  echo "test.sh: the NativeAOT publish of src/Operator failed (above)." >&2
  rm -f "$root/artifacts/operator-aot/sensor-operator" # never test a stale binary
  [[ "${CI:-}" != "true" ]] || exit 1
fi

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
