#!/usr/bin/env bash
# Copies the CRDs from config/crds (the source of truth) into the Helm chart's crds/ folder, byte
# for byte, and removes chart CRDs that no longer exist there. With --check it changes nothing
# and exits 1 when the two folders differ (the chart tests check the same).
#
# Usage: hack/sync-crds.sh [--check]
# Takes well under a second.
set -euo pipefail

usage() { sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"; }
check=false
case "${1:-}" in
  -h | --help) usage; exit 0 ;;
  --check) check=true ;;
  "") ;;
  *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
esac

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source_dir="$root/config/crds"
chart_dir="$root/charts/sensor-stack/crds"

shopt -s nullglob
sources=("$source_dir"/*.yaml)
if [[ ${#sources[@]} -eq 0 ]]; then
  echo "no CRDs in $source_dir" >&2
  exit 1
fi

drift=0
for crd in "${sources[@]}"; do
  copy="$chart_dir/$(basename "$crd")"
  if ! cmp -s "$crd" "$copy"; then
    drift=1
    if $check; then
      echo "differs: charts/sensor-stack/crds/$(basename "$crd") (run hack/sync-crds.sh)" >&2
    else
      mkdir -p "$chart_dir"
      cp "$crd" "$copy"
      echo "copied $(basename "$crd")"
    fi
  fi
done
for copy in "$chart_dir"/*.yaml; do
  if [[ ! -e "$source_dir/$(basename "$copy")" ]]; then
    drift=1
    if $check; then
      echo "stale: charts/sensor-stack/crds/$(basename "$copy") has no source in config/crds" >&2
    else
      rm "$copy"
      echo "removed $(basename "$copy")"
    fi
  fi
done

if $check && [[ $drift -ne 0 ]]; then exit 1; fi
if ! $check && [[ $drift -eq 0 ]]; then echo "chart CRDs are up to date"; fi
