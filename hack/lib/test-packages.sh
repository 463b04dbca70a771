# shellcheck shell=bash
# Sourced by hack/test.sh (not run): the Debian packages the test tiers need, in one list, and the
# step that installs the missing ones. As root on Debian (or a derivative with apt-get) they are
# installed; otherwise the exact install line is printed with the tiers that will be skipped (or,
# with CI=true, fail). .ci/run installs nothing itself: it runs hack/test.sh with CI=true.

# package  command that proves it is there (- for none)  what needs it
test_packages=(
  "victoria-metrics victoria-metrics Operator.Tests scrape-config dry run; BudgetReport.Tests"
  "prometheus prometheus SensorService.Tests (promtool check metrics); BudgetReport.Tests baseline"
  "hey hey BudgetReport.Tests load"
  "wrk wrk bench/sensor/run.sh (no test tier)"
  "shellcheck shellcheck Chart.Tests shellcheck of hack/"
  "yamllint yamllint Chart.Tests and Operator.Tests yamllint"
  "unzip unzip hack/tools.sh (helm and kubectl from the npm fallback)"
  "ca-certificates - hack/tools.sh and NuGet over HTTPS"
  "curl curl hack/tools.sh downloads; BudgetReport.Tests readiness checks"
  "clang clang BudgetReport.Tests and Operator.Tests (NativeAOT link of the sensor and the operator)"
  "zlib1g-dev - BudgetReport.Tests and Operator.Tests (NativeAOT link of the sensor and the operator)"
)

# Prints "package<TAB>what needs it" for every package that is missing: by dpkg where there is one,
# else by its command.
missing_test_packages() {
  local entry package command needs
  for entry in "${test_packages[@]}"; do
    read -r package command needs <<<"$entry"
    if command -v dpkg-query >/dev/null 2>&1; then
      [[ "$(dpkg-query -W -f='${db:Status-Abbrev}' "$package" 2>/dev/null)" == "ii"* ]] && continue
    elif [[ "$command" == "-" ]] || command -v "$command" >/dev/null 2>&1; then
      continue
    fi
    printf '%s\t%s\n' "$package" "$needs"
  done
}

# Installs the missing packages as root on Debian; otherwise says how, and what will not run.
# Returns 1 only when CI=true and something could not be installed.
ensure_test_packages() {
  local missing=() lines line
  lines="$(missing_test_packages)"
  [[ -n "$lines" ]] || return 0
  while IFS=$'\t' read -r line _; do missing+=("$line"); done <<<"$lines"

  if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: installing ${missing[*]} (apt-get)" >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    return 0
  fi

  {
    echo "test.sh: missing packages: ${missing[*]}. Install them with:"
    echo "  sudo apt-get install -y --no-install-recommends ${missing[*]}"
    echo "(on another system, the equivalent packages). Until then these will not run:"
    while IFS=$'\t' read -r line needs; do echo "  $line: $needs"; done <<<"$lines"
  } >&2
  [[ "${CI:-}" != "true" ]]
}
