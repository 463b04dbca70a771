#!/usr/bin/env bash
# Benchmarks the sensor service as built for production (NativeAOT) and as a JIT build, in the same
# run, on 127.0.0.1 only, with bounded wrk load:
#   1. idle RSS: after start, one request to each endpoint, then IDLE_SECONDS without traffic;
#   2. peak RSS (VmHWM): MIXED_SECONDS of 16 connections: 12 on the API (mixed.lua) + 4 on /metrics;
#   3. POST /api/readings at 8 connections for PHASE_SECONDS (post-readings.lua): p50, p99, req/s;
#   4. GET /metrics at 4 connections for PHASE_SECONDS: p50, p99, req/s.
# Writes bench/results/sensor-<UTC date>.json and .md with the machine, the date and the command.
#
# Environment:
#   PHASE_SECONDS  length of phases 3 and 4 (default 20)
#   MIXED_SECONDS  length of phase 2 (default 30)
#   IDLE_SECONDS   idle wait of phase 1 (default 5)
#   HTTP_PORT / METRICS_PORT  loopback ports used (default 28080 / 29102)
#   RESULTS_DIR    where results go (default bench/results)
#   SKIP_PUBLISH=1 reuse the builds in bench/out/sensor from an earlier run
# Needs the .NET SDK, clang (NativeAOT linking), wrk and curl. Takes about 4 minutes plus the two
# publishes (NativeAOT compilation takes a few minutes on 2 cores).
set -euo pipefail
shopt -s inherit_errexit

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
phase_seconds="${PHASE_SECONDS:-20}"
mixed_seconds="${MIXED_SECONDS:-30}"
idle_seconds="${IDLE_SECONDS:-5}"
http_port="${HTTP_PORT:-28080}"
metrics_port="${METRICS_PORT:-29102}"
results_dir="${RESULTS_DIR:-$root/bench/results}"
out="$root/bench/out/sensor"
scripts="$root/bench/sensor"
command_line="bench/sensor/run.sh (PHASE_SECONDS=$phase_seconds MIXED_SECONDS=$mixed_seconds IDLE_SECONDS=$idle_seconds)"

for tool in dotnet wrk curl; do
  command -v "$tool" >/dev/null || { echo "run.sh: '$tool' is required" >&2; exit 1; }
done

# NativeAOT links with clang; Debian installs it as clang-NN without the plain name.
aot_args=()
if ! command -v clang >/dev/null; then
  versioned="$(compgen -c clang- | grep -E '^clang-[0-9]+$' | sort -t- -k2 -n | tail -n 1 || true)"
  [[ -n "$versioned" ]] || { echo "run.sh: clang is required for NativeAOT" >&2; exit 1; }
  aot_args+=("-p:CppCompilerAndLinker=$versioned")
fi

server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid"
    wait "$server_pid" 2>/dev/null || true
  fi
}
trap cleanup EXIT

if [[ "${SKIP_PUBLISH:-}" != "1" ]]; then
  echo "== publishing NativeAOT and JIT builds" >&2
  rm -rf "$out"
  dotnet publish src/SensorService/SensorService.csproj -c Release -r linux-x64 -nologo -v quiet \
    -o "$out/aot" "${aot_args[@]}"
  dotnet publish src/SensorService/SensorService.csproj -c Release -r linux-x64 -nologo -v quiet \
    --self-contained false -p:PublishAot=false -o "$out/jit"
fi
rm -f "$out"/*.txt "$out"/*.log

kib() { awk -v key="$1:" '$1 == key { print $2 }' "/proc/$server_pid/status"; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

# wrk prints "50%  123.45us"; convert to milliseconds.
to_ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0; unit = v; sub(/^[0-9.]+/, "", unit)
    if (unit == "us") n /= 1000; else if (unit == "s") n *= 1000; else if (unit == "m") n *= 60000
    printf "%.3f", n }'
}

# run_wrk NAME CONNECTIONS THREADS SECONDS URL [SCRIPT]: leaves wrk's report in $out/NAME.txt
run_wrk() {
  local name="$1" connections="$2" threads="$3" seconds="$4" url="$5" script="${6:-}"
  local args=(-c "$connections" -t "$threads" -d "${seconds}s" --latency --timeout 5s)
  if [[ -n "$script" ]]; then args+=(-s "$script"); fi
  wrk "${args[@]}" "$url" >"$out/$name.txt"
}

# summary NAME: "p50_ms p99_ms requests_per_second non_2xx"
summary() {
  local file="$out/$1.txt"
  local p50 p99 rps errors
  p50="$(to_ms "$(awk '$1 == "50%" { print $2 }' "$file")")"
  p99="$(to_ms "$(awk '$1 == "99%" { print $2 }' "$file")")"
  rps="$(awk '$1 == "Requests/sec:" { printf "%.0f", $2 }' "$file")"
  errors="$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$file")"
  echo "$p50 $p99 $rps ${errors:-0}"
}

measure() {
  local build="$1"
  trap cleanup EXIT # measure runs in a command substitution: a subshell with its own traps
  echo "== $build" >&2
  local binary="$out/$build/sensor-service"
  if curl -fs "http://127.0.0.1:$http_port/healthz" >/dev/null 2>&1; then
    echo "run.sh: port $http_port is already in use" >&2
    exit 1
  fi

  Sensor__BindAddress=127.0.0.1 Sensor__HttpPort="$http_port" Sensor__MetricsPort="$metrics_port" \
    "$binary" >"$out/$build-service.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 100); do
    curl -fs "http://127.0.0.1:$http_port/readyz" >/dev/null 2>&1 && break
    sleep 0.1
  done
  curl -fs "http://127.0.0.1:$http_port/readyz" >/dev/null

  curl -fs -H 'Content-Type: application/json' -d '{"sensorId":"warm","value":1}' "http://127.0.0.1:$http_port/api/readings" >/dev/null
  curl -fs "http://127.0.0.1:$http_port/api/readings?sensorId=warm" >/dev/null
  curl -fs "http://127.0.0.1:$http_port/api/stats" >/dev/null
  curl -fs "http://127.0.0.1:$metrics_port/metrics" >/dev/null
  # The sensors mixed.lua reads from exist before it starts, so its GETs do not count as 404s.
  local seed
  seed="[$(seq 0 199 | awk '{ printf "%s{\"sensorId\":\"mixed-%d\",\"value\":1}", (NR > 1 ? "," : ""), $1 }')]"
  curl -fs -H 'Content-Type: application/json' -d "$seed" "http://127.0.0.1:$http_port/api/readings" >/dev/null
  sleep "$idle_seconds"
  local idle_kib load
  load="$(cut -d ' ' -f 1 /proc/loadavg)"
  idle_kib="$(kib VmRSS)"

  echo "   mixed load, 16 connections, ${mixed_seconds}s" >&2
  run_wrk "$build-mixed-api" 12 2 "$mixed_seconds" "http://127.0.0.1:$http_port" "$scripts/mixed.lua" &
  local api_wrk=$!
  run_wrk "$build-mixed-metrics" 4 1 "$mixed_seconds" "http://127.0.0.1:$metrics_port/metrics"
  wait "$api_wrk"
  local peak_kib
  peak_kib="$(kib VmHWM)"

  echo "   POST /api/readings, 8 connections, ${phase_seconds}s" >&2
  run_wrk "$build-ingest" 8 2 "$phase_seconds" "http://127.0.0.1:$http_port" "$scripts/post-readings.lua"
  echo "   GET /metrics, 4 connections, ${phase_seconds}s" >&2
  run_wrk "$build-metrics" 4 1 "$phase_seconds" "http://127.0.0.1:$metrics_port/metrics"
  local final_peak_kib
  final_peak_kib="$(kib VmHWM)"

  kill -TERM "$server_pid"
  wait "$server_pid" || true
  server_pid=""

  local ingest metrics mixed
  read -r -a ingest <<<"$(summary "$build-ingest")"
  read -r -a metrics <<<"$(summary "$build-metrics")"
  read -r -a mixed <<<"$(summary "$build-mixed-api")"
  printf '%s %s %s %s %s %s %s %s %s %s %s %s %s %s %s\n' "$build" "$idle_kib" "$peak_kib" "$final_peak_kib" \
    "${ingest[@]}" "${metrics[@]}" "${mixed[2]}" "${mixed[3]}" "$load"
}

aot_line="$(measure aot)"
jit_line="$(measure jit)"
read -r -a aot <<<"$aot_line"
read -r -a jit <<<"$jit_line"
# Fields: 0 build, 1 idle KiB, 2 peak KiB (after mixed), 3 peak KiB (whole run), 4 ingest p50,
# 5 ingest p99, 6 ingest req/s, 7 ingest non-2xx, 8 metrics p50, 9 metrics p99, 10 metrics req/s,
# 11 metrics non-2xx, 12 mixed req/s, 13 mixed non-2xx, 14 1-minute load average before the load.

date_utc="$(date -u +%Y-%m-%d)"
time_utc="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
cpu_model="$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
mem_kib="$(awk '/^MemTotal:/ { print $2 }' /proc/meminfo)"
cores="$(nproc)"
sdk="$(dotnet --version)"
wrk_version="$( (wrk -v 2>&1 || true) | head -n 1 | awk '{ print $2 }')"
mkdir -p "$results_dir"
json="$results_dir/sensor-$date_utc.json"
md="$results_dir/sensor-$date_utc.md"

met() { awk -v a="$1" -v op="$2" -v b="$3" 'BEGIN { ok = (op == "<=") ? (a <= b) : (a >= b); print ok ? "true" : "false" }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "n/a"; else printf "%.2f", a / b }'; }

build_json() {
  local -n f="$1"
  cat <<JSON
    "${f[0]}": {
      "idleRssMiB": $(mib "${f[1]}"),
      "peakRssMiB": $(mib "${f[2]}"),
      "peakRssWholeRunMiB": $(mib "${f[3]}"),
      "ingest": { "connections": 8, "p50Ms": ${f[4]}, "p99Ms": ${f[5]}, "requestsPerSecond": ${f[6]}, "non2xx": ${f[7]} },
      "metrics": { "connections": 4, "p50Ms": ${f[8]}, "p99Ms": ${f[9]}, "requestsPerSecond": ${f[10]}, "non2xx": ${f[11]} },
      "mixedApi": { "connections": 12, "requestsPerSecond": ${f[12]}, "non2xx": ${f[13]} },
      "loadAverageBefore": ${f[14]}
    }
JSON
}

cat >"$json" <<JSON
{
  "benchmark": "sensor-service",
  "date": "$time_utc",
  "command": "$command_line",
  "machine": { "nproc": $cores, "cpuModel": "$cpu_model", "memoryMiB": $((mem_kib / 1024)), "dotnetSdk": "$sdk", "wrk": "$wrk_version" },
  "phases": { "idleSeconds": $idle_seconds, "mixedSeconds": $mixed_seconds, "phaseSeconds": $phase_seconds },
  "builds": {
$(build_json aot),
$(build_json jit)
  },
  "targets": {
    "idleRssMiB<=24": $(met "$(mib "${aot[1]}")" "<=" 24),
    "peakRssMiB<=48": $(met "$(mib "${aot[2]}")" "<=" 48),
    "metricsP99Ms<=3": $(met "${aot[9]}" "<=" 3),
    "ingestRequestsPerSecond>=20000": $(met "${aot[6]}" ">=" 20000)
  }
}
JSON

yes_no() { [[ "$1" == "true" ]] && echo "met" || echo "not met"; }
cat >"$md" <<MD
# Sensor service benchmark, $date_utc

- Date: $time_utc
- Command: \`$command_line\`
- Machine: $cores cores ($cpu_model), $((mem_kib / 1024)) MiB memory; .NET SDK $sdk; wrk $wrk_version
- Load: wrk on 127.0.0.1, running on the same cores as the service. The machine is shared with
  other work (1-minute load average before the load: ${aot[14]} for NativeAOT, ${jit[14]} for JIT,
  on $cores cores), so absolute figures vary between runs; the AOT/JIT ratios come from this one run.

| | NativeAOT | JIT | AOT / JIT |
|---|---:|---:|---:|
| Idle RSS (MiB) | $(mib "${aot[1]}") | $(mib "${jit[1]}") | $(ratio "${aot[1]}" "${jit[1]}") |
| Peak RSS, ${mixed_seconds} s of 16-connection mixed load (MiB) | $(mib "${aot[2]}") | $(mib "${jit[2]}") | $(ratio "${aot[2]}" "${jit[2]}") |
| Peak RSS, whole run (MiB) | $(mib "${aot[3]}") | $(mib "${jit[3]}") | $(ratio "${aot[3]}" "${jit[3]}") |
| POST /api/readings, 8 conn: p50 (ms) | ${aot[4]} | ${jit[4]} | $(ratio "${aot[4]}" "${jit[4]}") |
| POST /api/readings, 8 conn: p99 (ms) | ${aot[5]} | ${jit[5]} | $(ratio "${aot[5]}" "${jit[5]}") |
| POST /api/readings, 8 conn: req/s | ${aot[6]} | ${jit[6]} | $(ratio "${aot[6]}" "${jit[6]}") |
| GET /metrics, 4 conn: p50 (ms) | ${aot[8]} | ${jit[8]} | $(ratio "${aot[8]}" "${jit[8]}") |
| GET /metrics, 4 conn: p99 (ms) | ${aot[9]} | ${jit[9]} | $(ratio "${aot[9]}" "${jit[9]}") |
| GET /metrics, 4 conn: req/s | ${aot[10]} | ${jit[10]} | $(ratio "${aot[10]}" "${jit[10]}") |
| Mixed API load, 12 conn: req/s | ${aot[12]} | ${jit[12]} | $(ratio "${aot[12]}" "${jit[12]}") |
| Non-2xx responses (ingest / metrics / mixed) | ${aot[7]} / ${aot[11]} / ${aot[13]} | ${jit[7]} / ${jit[11]} / ${jit[13]} | |

Targets (NativeAOT build):

| Target | Measured | |
|---|---:|---|
| Idle RSS <= 24 MiB | $(mib "${aot[1]}") MiB | $(yes_no "$(met "$(mib "${aot[1]}")" "<=" 24)") |
| Peak RSS <= 48 MiB (30 s, 16 connections, mixed) | $(mib "${aot[2]}") MiB | $(yes_no "$(met "$(mib "${aot[2]}")" "<=" 48)") |
| GET /metrics p99 <= 3 ms at 4 connections | ${aot[9]} ms | $(yes_no "$(met "${aot[9]}" "<=" 3)") |
| Ingest >= 20,000 req/s at 8 connections | ${aot[6]} req/s | $(yes_no "$(met "${aot[6]}" ">=" 20000)") |

Raw wrk reports: bench/out/sensor/*.txt of the run (not committed).
MD

echo "wrote $json and $md" >&2
cat "$md"
