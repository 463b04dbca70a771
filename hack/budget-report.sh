#!/usr/bin/env bash
# The performance budget report, reproduced by one command.
#
# Builds the sensor (NativeAOT), renders the default SensorStack sample with `sensor-operator render`,
# and runs the sensor and VictoriaMetrics (and vmalert, when the sample enables alerting) as local processes with exactly the memory limits, runtime
# settings, flags and scrape interval the operator renders (listen addresses, data path and scrape
# discovery adapted to loopback). Prometheus, with default settings, scrapes the same sensor as a
# baseline. Bounded load on 127.0.0.1 (ingest batches with bursts, reads, scrapes, dashboard queries)
# runs for the set duration while memory is sampled once a second.
#
# Run as root with a writable cgroup memory controller (v2 memory.max or v1 memory.limit_in_bytes),
# each component runs in its own memory cgroup limited as the kubelet would limit its container, with
# a private cgroup namespace so runtimes see their limit; memory is the cgroup working set (usage
# minus inactive file, what metrics-server reports) and OOM kills are counted. Otherwise it falls
# back to RSS, enforces nothing, and the report says so.
#
# With a sample that enables spec.autopilot (config/samples/autopilot.yaml), the operator's autopilot
# decision runs during the load (`budget-report autopilot`) and each limit change it decides is applied
# live by rewriting the component's cgroup limit (this machine's in-place resize; a Go component's
# shrink restarts it, as the operator does). The load shifts part-way: ingest bursts on the sensor in the
# first half, heavy range queries on VictoriaMetrics in the second. Needs cgroups (root).
#
# Writes artifacts/budget-report.md and artifacts/budget-report.svg. Exits 1 when the stack went over
# its budget, a component was OOM-killed or stopped, or VictoriaMetrics did not scrape the sensor;
# 2 on a usage or setup error. Cleans up every process and cgroup it made, also when interrupted.
#
# Usage: hack/budget-report.sh [--quick] [--duration SECONDS] [--out FILE.md]
#
# Environment:
#   SAMPLE                      SensorStack manifest (default config/samples/default.yaml); one with
#                               spec.alerting.enabled also runs vmalert (needs vmalert, hack/tools.sh)
#   BUDGET_REPORT_OUT           report path (default artifacts/budget-report.md); --out wins
#   BUDGET_REPORT_TARGET_MIB    target for sensor + VictoriaMetrics peak, reported (default 80)
#   BUDGET_REPORT_MEASURE       auto (cgroups when possible) or rss (default auto)
#   BUDGET_REPORT_KEEP          1 keeps the run folder (logs, samples, configs) and prints its path
#   AUTOPILOT_INTERVAL          seconds between autopilot decisions (default 2)
#   AUTOPILOT_TIME_SCALE        seconds of the decision's clock per second of the run (default 60: a
#                               minute of cooldown passes in a second, an hour of shrinkAfter in a minute)
#   CONFIGURATION               build configuration of the operator and the report tool (default Release)
#
# Takes the load duration (3 minutes; 30 s with --quick) plus up to one scrape interval (30 s for the
# default sample) to let VictoriaMetrics store the end of the run, plus the builds: about a minute
# the first time (NativeAOT), seconds after that.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=hack/lib/budget-autopilot.sh
source hack/lib/budget-autopilot.sh

usage() {
  sed -n '2,/^set -euo pipefail/p' "${BASH_SOURCE[0]}" | sed -e '/^set -euo/d' -e 's/^# \{0,1\}//'
}

die() { echo "budget-report: $*" >&2; exit 2; }

duration=180
out="${BUDGET_REPORT_OUT:-artifacts/budget-report.md}"
command_line="${SAMPLE:+SAMPLE=$SAMPLE }hack/budget-report.sh${*:+ $*}"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) duration=30 ;;
    --duration)
      [[ $# -ge 2 && "$2" =~ ^[0-9]+$ && "$2" -ge 10 && "$2" -le 3600 ]] || die "--duration needs whole seconds, 10 to 3600"
      duration="$2"; shift ;;
    --out)
      [[ $# -ge 2 && "$2" == *.md ]] || die "--out needs a file name ending in .md"
      out="$2"; shift ;;
    -h|--help) usage; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
  shift
done

sample="${SAMPLE:-config/samples/default.yaml}"
target_mib="${BUDGET_REPORT_TARGET_MIB:-80}"
measure="${BUDGET_REPORT_MEASURE:-auto}"
configuration="${CONFIGURATION:-Release}"
[[ -f "$sample" ]] || die "SAMPLE: no file $sample"
[[ "$target_mib" =~ ^[0-9]+$ ]] || die "BUDGET_REPORT_TARGET_MIB must be whole MiB, not '$target_mib'"
[[ "$measure" == auto || "$measure" == rss ]] || die "BUDGET_REPORT_MEASURE must be auto or rss, not '$measure'"
autopilot_interval="${AUTOPILOT_INTERVAL:-2}"
autopilot_scale="${AUTOPILOT_TIME_SCALE:-60}"
[[ "$autopilot_interval" =~ ^[0-9]+$ && "$autopilot_interval" -ge 1 ]] || die "AUTOPILOT_INTERVAL must be whole seconds, at least 1, not '$autopilot_interval'"
[[ "$autopilot_scale" =~ ^[0-9]+$ && "$autopilot_scale" -ge 1 ]] || die "AUTOPILOT_TIME_SCALE must be a whole factor, at least 1, not '$autopilot_scale'"

for tool in dotnet victoria-metrics prometheus hey curl; do
  command -v "$tool" >/dev/null || die "$tool is not installed (Debian: apt-get install victoria-metrics prometheus hey curl)"
done

work="$(mktemp -d "${TMPDIR:-/tmp}/budget-report.XXXXXX")"
run="$work/run"
mkdir -p "$run/load" "$work/tmp"

# --- cleanup: every process and cgroup this script made, on any exit -----------------------------
declare -A pid_of=()
load_pids=()
sampler_pid=""
autopilot_pid=""
cgroup_base=""
# shellcheck disable=SC2317 # run by the EXIT trap
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  local pid
  for pid in "${load_pids[@]}" $sampler_pid $autopilot_pid "${pid_of[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${load_pids[@]}" $sampler_pid $autopilot_pid "${pid_of[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  if [[ -n "$cgroup_base" && -d "$cgroup_base" ]]; then
    local dir
    for dir in "$cgroup_base"/*/; do
      if [[ -d "$dir" ]]; then rmdir "$dir" 2>/dev/null || echo "budget-report: could not remove cgroup $dir" >&2; fi
    done
    rmdir "$cgroup_base" 2>/dev/null || echo "budget-report: could not remove cgroup $cgroup_base" >&2
  fi
  if [[ "${BUDGET_REPORT_KEEP:-}" == 1 ]]; then
    echo "budget-report: run folder kept: $work" >&2
  else
    rm -rf "$work"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

log() { echo "budget-report: $*" >&2; }

# --- build -------------------------------------------------------------------------------------------
log "publishing the sensor (NativeAOT)"
dotnet publish src/SensorService/SensorService.csproj -c Release -r linux-x64 -o "$work/sensor" -nologo -clp:ErrorsOnly >&2
log "building sensor-operator and the report tool"
# build_dll PROJECT: builds it and prints the path of its assembly.
build_dll() {
  dotnet build "$1" -c "$configuration" -nologo -clp:ErrorsOnly >&2
  dotnet msbuild "$1" -nologo -getProperty:TargetPath "-p:Configuration=$configuration"
}
operator_dll="$(build_dll src/Operator/Operator.csproj)"
tool_dll="$(build_dll bench/budget-report/BudgetReport.csproj)"
[[ -f "$operator_dll" && -f "$tool_dll" ]] || die "build produced no $operator_dll or $tool_dll"

log "rendering $sample"
dotnet "$operator_dll" render -f "$sample" >"$work/rendered.yaml" || die "sensor-operator render -f $sample failed"

# --- ports: free loopback ports, so a second run or another service on 8080 does not collide ---------
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
declare -A taken=()
free_port() {
  local port
  for _ in $(seq 200); do
    port=$((20000 + RANDOM % 40000))
    if [[ -z "${taken[$port]:-}" ]] && ! port_in_use "$port"; then taken[$port]=1; echo "$port"; return; fi
  done
  die "no free loopback port found"
}
sensor_http_port="$(free_port)"; taken[$sensor_http_port]=1
sensor_metrics_port="$(free_port)"; taken[$sensor_metrics_port]=1
vm_port="$(free_port)"; taken[$vm_port]=1
prometheus_port="$(free_port)"; taken[$prometheus_port]=1
vmalert_port="$(free_port)"
ports=(--sensor-http-port "$sensor_http_port" --sensor-metrics-port "$sensor_metrics_port"
       --vm-port "$vm_port" --prometheus-port "$prometheus_port" --vmalert-port "$vmalert_port")

dotnet "$tool_dll" plan --sample "$sample" --rendered "$work/rendered.yaml" --out "$work/plan" \
  --vm-data "$work/vm-data" "${ports[@]}" || die "cannot plan a local run from the rendered objects"

declare -A plan=()
while IFS='=' read -r key value; do plan[$key]="$value"; done <"$work/plan/plan.env"
sensor_env=(); vm_args=(); sensor_args=(); vmalert_args=(); vmalert_env=()
while IFS= read -r line; do sensor_env+=("$line"); done <"$work/plan/sensor.env"
while IFS= read -r line; do sensor_args+=("$line"); done <"$work/plan/sensor.args"
while IFS= read -r line; do vm_args+=("$line"); done <"$work/plan/vm.args"
while IFS= read -r line; do vmalert_args+=("$line"); done <"$work/plan/vmalert.args"
while IFS= read -r line; do vmalert_env+=("$line"); done <"$work/plan/vmalert.env"
# vmalert runs when the sample enables alerting (the plan then gives it a limit).
alerting=0
if [[ "${plan[VMALERT_MEMORY_LIMIT_BYTES]}" -gt 0 ]]; then
  alerting=1
  command -v vmalert >/dev/null || die "vmalert is not installed (hack/tools.sh puts it in .tools/bin)"
fi
interval="${plan[SCRAPE_INTERVAL_SECONDS]}"
autopilot="${plan[AUTOPILOT]}"
log "plan: sensor ${plan[SENSOR_MEMORY_LIMIT]}, VictoriaMetrics ${plan[VM_MEMORY_LIMIT]}${plan[VMALERT_MEMORY_LIMIT]:+, vmalert ${plan[VMALERT_MEMORY_LIMIT]}}, budget ${plan[BUDGET]}, scrape every ${interval}s"

# --- memory cgroups -------------------------------------------------------------------------------
# mode: cgroup-v2, cgroup-v1 or rss. cgroup_base holds one child per component.
mode=rss
mode_note=""
own_cgroup() { # $1: v1 controller name, or "" for the v2 line
  awk -F: -v c="$1" '{ n = split($2, cs, ","); for (i = 1; i <= n; i++) if (cs[i] == c) { print $3; exit } if (c == "" && $1 == "0") { print $3; exit } }' /proc/self/cgroup
}
try_cgroup_v2() {
  local parent
  [[ -f /sys/fs/cgroup/cgroup.controllers ]] || return 1
  grep -qw memory /sys/fs/cgroup/cgroup.controllers || return 1
  # Our own cgroup first (nested, as a container runtime would); the root when ours cannot delegate.
  for parent in "/sys/fs/cgroup$(own_cgroup "")" /sys/fs/cgroup; do
    grep -qw memory "$parent/cgroup.subtree_control" 2>/dev/null || echo +memory >"$parent/cgroup.subtree_control" 2>/dev/null || continue
    mkdir "$parent/budget-report-$$" 2>/dev/null || continue
    cgroup_base="$parent/budget-report-$$"
    if echo +memory >"$cgroup_base/cgroup.subtree_control" 2>/dev/null; then return 0; fi
    rmdir "$cgroup_base"; cgroup_base=""
  done
  return 1
}
try_cgroup_v1() {
  local parent
  [[ -f /sys/fs/cgroup/memory/memory.limit_in_bytes ]] || return 1
  for parent in "/sys/fs/cgroup/memory$(own_cgroup memory)" /sys/fs/cgroup/memory; do
    mkdir "$parent/budget-report-$$" 2>/dev/null || continue
    cgroup_base="$parent/budget-report-$$"
    return 0
  done
  return 1
}
# make_cgroup NAME LIMIT_BYTES (0 = unlimited): creates the child and sets its limit.
make_cgroup() {
  local dir="$cgroup_base/$1"
  mkdir "$dir" || return 1
  [[ "$2" -gt 0 ]] || return 0
  if [[ "$mode" == cgroup-v2 ]]; then
    echo "$2" >"$dir/memory.max" || return 1
    # The kubelet gives containers no swap; where swap exists, neither does this run.
    if [[ -f "$dir/memory.swap.max" ]]; then echo 0 >"$dir/memory.swap.max" || return 1; fi
    [[ "$(cat "$dir/memory.max")" == "$2" ]]
  else
    echo "$2" >"$dir/memory.limit_in_bytes"
    # The kernel rounds the limit to whole pages; a 2^20 multiple stays as is.
    [[ "$(cat "$dir/memory.limit_in_bytes")" -le "$2" ]]
  fi
}
if [[ "$measure" == rss ]]; then
  mode_note="BUDGET_REPORT_MEASURE=rss"
elif [[ "$(id -u)" != 0 ]]; then
  mode_note="not run as root"
elif try_cgroup_v2; then
  mode=cgroup-v2
elif try_cgroup_v1; then
  mode=cgroup-v1
else
  mode_note="no writable cgroup memory controller (v2 memory.max or v1 memory.limit_in_bytes)"
fi
if [[ "$mode" != rss ]]; then
  if ! { make_cgroup sensor "${plan[SENSOR_MEMORY_LIMIT_BYTES]}" && make_cgroup vm "${plan[VM_MEMORY_LIMIT_BYTES]}" && make_cgroup prometheus 0 &&
         { [[ "$alerting" == 0 ]] || make_cgroup vmalert "${plan[VMALERT_MEMORY_LIMIT_BYTES]}"; }; }; then
    mode_note="could not set limits in $mode"; mode=rss
  fi
fi

# A private cgroup namespace with the memory hierarchy mounted at its root is what a container sees:
# the runtimes read their own limit at /sys/fs/cgroup (VictoriaMetrics sizes its caches from it, the
# .NET GC from it). Without it they would read the host's unlimited root and plan for all its memory.
if [[ "$mode" == cgroup-v2 ]]; then
  mount_script='mount -t cgroup2 none /sys/fs/cgroup || exit 97; limit_file=/sys/fs/cgroup/memory.max;'
else
  mount_script='mount -t tmpfs cgroups /sys/fs/cgroup && mkdir /sys/fs/cgroup/memory && mount -t cgroup -o memory cgroup /sys/fs/cgroup/memory || exit 97; limit_file=/sys/fs/cgroup/memory/memory.limit_in_bytes;'
fi
namespaced=0
if [[ "$mode" != rss ]]; then
  # shellcheck disable=SC2016 # $limit_file expands in the inner shell
  seen="$( (echo "$BASHPID" >"$cgroup_base/sensor/cgroup.procs" &&
            exec unshare --cgroup --mount --propagation private -- bash -c "$mount_script"' cat "$limit_file"') 2>/dev/null || true)"
  if [[ "$seen" == "${plan[SENSOR_MEMORY_LIMIT_BYTES]}" ]]; then
    namespaced=1
  else
    mode_note="no private cgroup namespace (unshare --cgroup --mount): the runtimes see the host's memory, not their limit"
  fi
fi
log "measuring: $mode${mode_note:+ ($mode_note)}"
if [[ "$autopilot" == 1 && "$namespaced" != 1 ]]; then
  die "an autopilot run resizes cgroups live: it needs root, a writable cgroup memory controller and a private cgroup namespace (${mode_note:-none})"
fi

# launch NAME LOG COMMAND...: starts COMMAND in the component's cgroup (and namespace) with a clean
# environment, as a container would; records its pid.
declare -A command_of=()
launch() {
  local name="$1" logfile="$2"; shift 2
  command_of[$name]="$(printf '%q ' "$logfile" "$@")"
  (
    cd "$work/tmp"
    if [[ "$mode" != rss ]]; then echo "$BASHPID" >"$cgroup_base/$name/cgroup.procs"; fi
    if [[ "$namespaced" == 1 ]]; then
      exec unshare --cgroup --mount --propagation private -- bash -c "$mount_script"' exec "$@"' _ "$@"
    fi
    exec "$@"
  ) >>"$logfile" 2>&1 &
  pid_of[$name]=$!
}
clean_env=(env -i "PATH=/usr/local/bin:/usr/bin:/bin" "HOME=$work/tmp" "TMPDIR=$work/tmp")

# --- run ------------------------------------------------------------------------------------------
start_us="${EPOCHREALTIME/./}"
seconds_since_start() { local now="${EPOCHREALTIME/./}"; printf '%d.%01d' $(((now - start_us) / 1000000)) $(((now - start_us) / 100000 % 10)); }

launch sensor "$run/sensor.log" "${clean_env[@]}" "${sensor_env[@]}" "$work/sensor/sensor-service" "${sensor_args[@]}"
launch vm "$run/victoria-metrics.log" "${clean_env[@]}" "$(command -v victoria-metrics)" "${vm_args[@]}"
# Started with the others, before the memory sampler forks (it must know every pid); vmalert retries
# VictoriaMetrics until it answers, as in a pod that starts first.
if [[ "$alerting" == 1 ]]; then
  launch vmalert "$run/vmalert.log" "${clean_env[@]}" "${vmalert_env[@]}" "$(command -v vmalert)" "${vmalert_args[@]}"
fi
launch prometheus "$run/prometheus.log" "${clean_env[@]}" "$(command -v prometheus)" \
  "--config.file=$work/plan/prometheus.yml" "--storage.tsdb.path=$work/prometheus-data" \
  "--web.listen-address=127.0.0.1:$prometheus_port"

# working_set NAME: bytes, or nothing when the process is not running.
working_set() {
  local name="$1" pid="${pid_of[$1]:-}" key value usage inactive=0 procs=""
  [[ -n "$pid" ]] || return 0
  # Whether it runs: its cgroup has a process (the pid changes when the autopilot restarts a component).
  if [[ "$mode" == rss ]]; then
    kill -0 "$pid" 2>/dev/null || return 0
  else
    read -r procs <"$cgroup_base/$name/cgroup.procs" || true
    [[ -n "$procs" ]] || return 0
  fi
  case "$mode" in
    cgroup-v2)
      read -r usage <"$cgroup_base/$name/memory.current"
      while read -r key value; do [[ "$key" == inactive_file ]] && inactive="$value"; done <"$cgroup_base/$name/memory.stat" ;;
    cgroup-v1)
      read -r usage <"$cgroup_base/$name/memory.usage_in_bytes"
      while read -r key value; do [[ "$key" == total_inactive_file ]] && inactive="$value"; done <"$cgroup_base/$name/memory.stat" ;;
    *)
      usage=0
      while read -r key value _; do [[ "$key" == VmRSS: ]] && usage=$((value * 1024)); done <"/proc/$pid/status" 2>/dev/null ;;
  esac
  echo $((usage > inactive ? usage - inactive : 0))
}
sample_memory() {
  echo "seconds,sensor,victoria-metrics,prometheus,vmalert"
  local next=$start_us now
  while true; do
    echo "$(seconds_since_start),$(working_set sensor),$(working_set vm),$(working_set prometheus),$(working_set vmalert)"
    next=$((next + 1000000)); now="${EPOCHREALTIME/./}"
    if ((next > now)); then sleep "$(printf '%d.%06d' $(((next - now) / 1000000)) $(((next - now) % 1000000)))"; fi
  done
}
sample_memory >"$run/samples.csv" &
sampler_pid=$!

# wait_ready NAME URL: the component answers 200 within 30 s, or the run stops with its log.
wait_ready() {
  local name="$1" url="$2"
  for _ in $(seq 150); do
    if curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null; then return 0; fi
    kill -0 "${pid_of[$name]}" 2>/dev/null || break
    sleep 0.2
  done
  log "$name did not become ready at $url; its log:"
  tail -n 30 "$run/$3.log" >&2 || true
  exit 2
}
wait_ready sensor "http://127.0.0.1:$sensor_http_port/readyz" sensor
wait_ready vm "http://127.0.0.1:$vm_port/health" victoria-metrics
wait_ready prometheus "http://127.0.0.1:$prometheus_port/-/ready" prometheus
if [[ "$alerting" == 1 ]]; then wait_ready vmalert "http://127.0.0.1:$vmalert_port/health" vmalert; fi
log "sensor, VictoriaMetrics$([[ "$alerting" == 1 ]] && echo ", vmalert") and Prometheus are up; load for ${duration}s"

# --- load: bounded in time (-z) and rate (-q per worker), loopback only ------------------------------
# Batches over 1000 distinct sensors: the service's default sensor cap with full rings is the most
# memory its store can hold, which is what a budget must survive. Bursts send the largest batch the
# service accepts (1000 readings, about 36 KB of its 64 KiB body limit).
make_batch() { # FIRST_ID COUNT: readings for sensors FIRST_ID.., a few of them outliers
  awk -v first="$1" -v count="$2" 'BEGIN {
    srand(first + 1); printf "[";
    for (i = 0; i < count; i++) {
      value = 20 + 5 * sin(i / 7) + rand(); if (i % 97 == 0) value += 40;
      printf "%s{\"sensorId\":\"t-%d\",\"value\":%.2f}", (i ? "," : ""), first + i, value;
    }
    printf "]";
  }'
}
make_batch 500 500 >"$work/batch-steady.json"
make_batch 0 1000 >"$work/batch-burst.json"
api="http://127.0.0.1:$sensor_http_port"
# histogram_quantile(0.9, sum(rate(sensor_cpu_spike_seconds_bucket[5m])) by (le)), URL-encoded.
query='histogram_quantile(0.9%2C%20sum(rate(sensor_cpu_spike_seconds_bucket%5B5m%5D))%20by%20(le))'

# hey_load NAME DESCRIPTION HEY-ARGS...: one generator, its summary in load/NAME.txt. Run it in the
# background: it becomes the hey process itself, so the cleanup can stop it by its pid.
hey_load() {
  local name="$1" description="$2"; shift 2
  echo "# $description" >"$run/load/$name.txt"
  exec hey "$@" >>"$run/load/$name.txt" 2>&1
}
hey_load ingest "steady ingest: POST /api/readings, 500 readings per batch" \
  -z "${duration}s" -c 1 -q 4 -m POST -T application/json -D "$work/batch-steady.json" "$api/api/readings" &
load_pids+=($!)
hey_load reads "reads: GET /api/readings?sensorId=...&limit=100" \
  -z "${duration}s" -c 2 -q 5 "$api/api/readings?sensorId=t-542&limit=100" &
load_pids+=($!)
hey_load stats "reads: GET /api/stats" -z "${duration}s" -c 1 -q 2 "$api/api/stats" &
load_pids+=($!)
hey_load scrapes "extra scrapes: GET :metrics/metrics" -z "${duration}s" -c 1 -q 1 "http://127.0.0.1:$sensor_metrics_port/metrics" &
load_pids+=($!)
hey_load dashboard "dashboard queries: VictoriaMetrics /api/v1/query" \
  -z "${duration}s" -c 1 -q 1 "http://127.0.0.1:$vm_port/api/v1/query?query=$query" &
load_pids+=($!)

# Bursts: every period, ingest at up to 8 x 250 batches/s of 1000 readings drives the sensor's CPU
# toward its spike threshold (0.6 of its CPU limit; the rendered pod has none, so of all cores); the
# calm in between lets a spike end, so each burst is at most one spike.
period=$((duration >= 90 ? 30 : 15))
burst=$((period * 2 / 5))
# With the autopilot the load shifts half-way: bursts on the sensor first, range queries on VictoriaMetrics after.
shift_at=$((autopilot == 1 ? duration / 2 : duration))
bursts() {
  local n=0 at from wait_us current=""
  # Stopped by the cleanup: stop the running burst too.
  trap 'if [[ -n "$current" ]]; then kill "$current" 2>/dev/null; fi; exit 143' TERM
  echo "start,end,label" >"$run/phases.csv"
  for ((at = period / 3; at + burst <= shift_at; at += period)); do
    n=$((n + 1))
    wait_us=$((load_start_us + at * 1000000 - ${EPOCHREALTIME/./}))
    if ((wait_us > 0)); then
      sleep "$((wait_us / 1000000)).$(printf '%06d' $((wait_us % 1000000)))" &
      current=$!
      wait "$current" || true
    fi
    from="$(seconds_since_start)"
    hey_load "burst-$n" "ingest bursts: POST /api/readings, 1000 readings per batch, ${burst}s at up to 2000 batches/s" \
      -z "${burst}s" -c 8 -q 250 -m POST -T application/json -D "$work/batch-burst.json" "$api/api/readings" &
    current=$!
    wait "$current" || true
    current=""
    echo "$from,$(seconds_since_start),ingest burst $n" >>"$run/phases.csv"
  done
}
load_start_us="${EPOCHREALTIME/./}"
bursts &
load_pids+=($!)
if [[ "$autopilot" == 1 ]]; then
  range_queries "$shift_at" &
  load_pids+=($!)
  log "autopilot: a decision every ${autopilot_interval}s, its clock ${autopilot_scale}x the wall clock"
  run_autopilot
fi
for pid in "${load_pids[@]}"; do wait "$pid" || log "a load generator failed (see the report's load table)"; done
load_pids=()

# --- the end of the run stored: one more scrape after the load ------------------------------------
# last_scrape URL: epoch seconds of the newest scrape of the sensor job, 0 when none yet.
last_scrape() {
  local stamp
  stamp="$(curl -fsS --max-time 5 "$1/api/v1/targets" 2>/dev/null | grep -o '"lastScrape":"[^"]*"' | head -n 1 | cut -d'"' -f4)"
  [[ -n "$stamp" ]] && date -d "$stamp" +%s 2>/dev/null || echo 0
}
load_end_epoch="$(date +%s)"
log "load done; waiting for a scrape after it (at most $((interval + 15))s)"
for _ in $(seq $(((interval + 15) * 2))); do
  if (( $(last_scrape "http://127.0.0.1:$vm_port") >= load_end_epoch && $(last_scrape "http://127.0.0.1:$prometheus_port") >= load_end_epoch )); then
    break
  fi
  sleep 0.5
done
curl -fsS --max-time 10 -o /dev/null "http://127.0.0.1:$vm_port/internal/force_flush" || log "VictoriaMetrics did not flush"
kill "$sampler_pid" 2>/dev/null || true
wait "$sampler_pid" 2>/dev/null || true
sampler_pid=""

# --- outcomes -------------------------------------------------------------------------------------
oom_kills() {
  local file key value
  case "$mode" in
    cgroup-v2) file="$cgroup_base/$1/memory.events" ;;
    cgroup-v1) file="$cgroup_base/$1/memory.oom_control" ;;
    *) echo 0; return ;;
  esac
  while read -r key value; do [[ "$key" == oom_kill ]] && { echo "$value"; return; }; done <"$file"
  echo 0
}
exit_code() { # nothing while running (or never started), else the exit status
  local status=0
  [[ -n "${pid_of[$1]:-}" ]] || return 0
  kill -0 "${pid_of[$1]}" 2>/dev/null && return 0
  wait "${pid_of[$1]}" || status=$?
  echo "$status"
}
# version: what the binary reports; Debian's victoria-metrics build reports none, its package does:
# the trixie package hack/tools.sh unpacked (its .version file) or the installed bookworm one.
package_version() {
  local binary unpacked
  binary="$(readlink -f "$(command -v "$1")")"
  unpacked="${binary%/usr/bin/*}/.version"
  if [[ "$binary" == */trixie/*/usr/bin/* && -f "$unpacked" ]]; then echo "$(cat "$unpacked"), trixie"; return; fi
  dpkg-query -W -f='${Version}' "$1" 2>/dev/null || true
}
vm_version="$(curl -fsS --max-time 5 "http://127.0.0.1:$vm_port/metrics" | sed -n 's/^vm_app_version{.*short_version="\([^"]*\)".*/\1/p' | head -n 1)"
if [[ -z "$vm_version" && -n "$(package_version victoria-metrics)" ]]; then vm_version="$(package_version victoria-metrics) (Debian package)"; fi
vmalert_version=""
if [[ "$alerting" == 1 ]]; then
  vmalert_version="$(curl -fsS --max-time 5 "http://127.0.0.1:$vmalert_port/metrics" | sed -n 's/^vm_app_version{.*short_version="\([^"]*\)".*/\1/p' | head -n 1)"
  if [[ -z "$vmalert_version" && -n "$(package_version vmalert)" ]]; then vmalert_version="$(package_version vmalert) (Debian package)"; fi
fi
prometheus_version="$(prometheus --version 2>&1 | sed -n '1s/^prometheus, version \([^ ]*\).*/\1/p')"
if [[ -n "$(package_version prometheus)" ]]; then prometheus_version="$(package_version prometheus) (Debian package)"; fi
cpu_model="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
memory_gib="$(awk '/^MemTotal:/ { printf "%.0f", $2 / 1048576 }' /proc/meminfo)"
os_name="$(sed -n 's/^PRETTY_NAME="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' /etc/os-release 2>/dev/null || true)"
{
  echo "DATE=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "MACHINE=$(nproc) CPU cores (${cpu_model:-unknown model}), ${memory_gib} GiB RAM, ${os_name:-Linux}, kernel $(uname -r)"
  echo "COMMAND=$command_line"
  echo "COMMIT=$(git describe --always --dirty 2>/dev/null || echo unknown)"
  echo "LOAD_SECONDS=$duration"
  echo "MODE=$mode"
  echo "MODE_NOTE=$mode_note"
  echo "AUTOPILOT=$autopilot"
  echo "AUTOPILOT_INTERVAL_SECONDS=$autopilot_interval"
  echo "AUTOPILOT_TIME_SCALE=$autopilot_scale"
  echo "VM_VERSION=${vm_version:-unknown}"
  echo "PROMETHEUS_VERSION=${prometheus_version:-unknown}"
  echo "TARGET_BYTES=$((target_mib * 1024 * 1024))"
  echo "SENSOR_OOM_KILLS=$(oom_kills sensor)"
  echo "VM_OOM_KILLS=$(oom_kills vm)"
  echo "PROMETHEUS_OOM_KILLS=$(oom_kills prometheus)"
  echo "SENSOR_EXIT=$(exit_code sensor)"
  echo "VM_EXIT=$(exit_code vm)"
  echo "PROMETHEUS_EXIT=$(exit_code prometheus)"
  if [[ "$alerting" == 1 ]]; then
    echo "VMALERT_OOM_KILLS=$(oom_kills vmalert)"
    echo "VMALERT_EXIT=$(exit_code vmalert)"
    echo "VMALERT_VERSION=${vmalert_version:-unknown}"
  fi
} >"$run/run.env"

status=0
dotnet "$tool_dll" report --sample "$sample" --rendered "$work/rendered.yaml" --run "$run" --out "$out" "${ports[@]}" || status=$?
if [[ "${BUDGET_REPORT_KEEP:-}" == 1 ]]; then cp "$out" "${out%.md}.svg" "${out%.md}.limits.svg" "$run/" 2>/dev/null || true; fi
exit "$status"
