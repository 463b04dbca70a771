# shellcheck shell=bash disable=SC2154 # the variables named below are set by hack/budget-report.sh before it calls these
# The autopilot half of hack/budget-report.sh, sourced by it (it shares the script's variables: mode,
# cgroup_base, pid_of, command_of, launch, the ports and the run folder).
#
# `budget-report autopilot` decides; this applies. It reads one command per line from the runner and
# answers each with "ok" once the change is in force, or with why it failed:
#   resize NAME BYTES   rewrite the component's cgroup memory limit live (the in-place resize)
#   restart NAME BYTES  stop the component, set the limit, start it again and wait until it answers
#                       (a Go component's shrink: it sizes its caches and GOMEMLIMIT-like bounds only at start)

# limit_file NAME: the component's cgroup limit file.
limit_file() {
  if [[ "$mode" == cgroup-v2 ]]; then echo "$cgroup_base/$1/memory.max"; else echo "$cgroup_base/$1/memory.limit_in_bytes"; fi
}

# Both set apply_error when they fail; they run in the script's shell (no subshell), so a restart's new
# pid lands in pid_of.
apply_error=""

# set_limit NAME BYTES: writes the limit and reads it back (the kernel refuses a v1 limit below the
# usage it cannot reclaim, and rounds to pages; both show in the read-back).
set_limit() {
  local file actual
  file="$(limit_file "$1")"
  echo "$2" >"$file" 2>/dev/null || { apply_error="the kernel refused $2 bytes in $file"; return 1; }
  read -r actual <"$file"
  [[ "$actual" -le "$2" && "$actual" -gt $(($2 - 4096)) ]] || { apply_error="$file reads $actual after writing $2"; return 1; }
}

ready_url() {
  case "$1" in
    sensor) echo "http://127.0.0.1:$sensor_http_port/readyz" ;;
    vm) echo "http://127.0.0.1:$vm_port/health" ;;
    vmalert) echo "http://127.0.0.1:$vmalert_port/health" ;;
  esac
}

# restart_component NAME BYTES: as the kubelet replaces a pod's container: SIGTERM, at most 10 s, SIGKILL;
# the new limit; the same command line again; ready within 30 s.
restart_component() {
  local name="$1" pid="${pid_of[$1]}" url
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  set_limit "$name" "$2" || return 1
  eval "launch $name ${command_of[$name]}"
  url="$(ready_url "$name")"
  for _ in $(seq 150); do
    if curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null; then return 0; fi
    kill -0 "${pid_of[$name]}" 2>/dev/null || break
    sleep 0.2
  done
  apply_error="$name did not answer at $url after the restart"
  return 1
}

# import_history: an hour of 500 synthetic series into VictoriaMetrics, so the range queries of the
# second half have data to read (the import is part of the shift: VictoriaMetrics' memory grows with it) (the sensor's own few dozen series would make them light).
import_history() {
  local now
  now="$(date +%s)"
  awk -v now="$now" 'BEGIN {
    for (s = 0; s < 500; s++)
      for (t = now - 3600; t < now; t += 15)
        printf "budget_report_history{sensor=\"s%d\",room=\"r%d\"} %d %d000\n", s, s % 20, 20 + (s * t) % 7, t;
  }' >"$work/history.txt"
  curl -fsS --max-time 60 --data-binary "@$work/history.txt" "http://127.0.0.1:$vm_port/api/v1/import/prometheus" ||
    { log "VictoriaMetrics refused the imported history"; return 1; }
  curl -fsS --max-time 10 -o /dev/null "http://127.0.0.1:$vm_port/internal/force_flush" || log "VictoriaMetrics did not flush"
}

# range_queries FROM_SECONDS: from that second of the load to its end, 4 clients query an hour of the
# 500 series at a 5 s step as fast as VictoriaMetrics answers (a dashboard of wide panels, refreshed hard).
range_queries() {
  local from="$1" wait_us start_at end now
  wait_us=$((load_start_us + from * 1000000 - ${EPOCHREALTIME/./}))
  if ((wait_us > 0)); then sleep "$((wait_us / 1000000)).$(printf '%06d' $((wait_us % 1000000)))"; fi
  # Imported at the shift, not before: until then VictoriaMetrics holds only the sensor's own series.
  import_history
  now="$(date +%s)"
  start_at="$(seconds_since_start)"
  end=$((now + 1))
  hey_load range-queries "range queries: VictoriaMetrics /api/v1/query_range, 1h of 500 series at 5s steps" \
    -z "$((duration - from))s" -c 4 \
    "http://127.0.0.1:$vm_port/api/v1/query_range?query=sum(rate(budget_report_history%5B5m%5D))%20by%20(sensor)&start=$((now - 3600))&end=$end&step=5" &
  wait $! || true
  echo "$start_at,$(seconds_since_start),range queries on VictoriaMetrics" >>"$run/phases.csv"
}

# run_autopilot: starts the runner and applies its commands until it ends (after the load's duration).
# Runs in the script's own shell, so a restarted component's new pid is what the cleanup stops.
run_autopilot() {
  local verb name bytes answer cgroup_version=v1
  [[ "$mode" == cgroup-v2 ]] && cgroup_version=v2
  coproc autopilot_channel {
    exec dotnet "$tool_dll" autopilot --sample "$sample" --rendered "$work/rendered.yaml" \
      --cgroup-base "$cgroup_base" --cgroup-version "$cgroup_version" \
      --interval "$autopilot_interval" --time-scale "$autopilot_scale" --duration "$duration" \
      --started-at "$(seconds_since_start)" --sensor-metrics-port "$sensor_metrics_port" --record "$run" 2>>"$run/autopilot.log"
  }
  autopilot_pid="$autopilot_channel_PID"
  local from_runner to_runner
  exec {from_runner}<&"${autopilot_channel[0]}" {to_runner}>&"${autopilot_channel[1]}"
  while read -r verb name bytes <&"$from_runner"; do
    echo "$(seconds_since_start) $verb $name $bytes" >>"$run/autopilot.log"
    apply_error=""
    case "$verb" in
      resize) set_limit "$name" "$bytes" && answer=ok || answer="$apply_error" ;;
      restart) restart_component "$name" "$bytes" && answer=ok || answer="$apply_error" ;;
      *) answer="unknown command '$verb'" ;;
    esac
    echo "${answer:-failed without a reason}" >&"$to_runner"
  done
  exec {from_runner}<&- {to_runner}>&-
  wait "$autopilot_pid" || log "the autopilot runner failed (see autopilot.log in the run folder)"
  autopilot_pid=""
}
