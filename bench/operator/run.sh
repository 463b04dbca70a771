#!/usr/bin/env bash
# Operator macro benchmark: the JIT build and the NativeAOT binary side by side, 1, 100 and 1,000
# SensorStacks each against the in-process fake API server. Measures time until every stack is
# Ready, the operator's idle, peak and holding RSS and where it is (anonymous, file-backed, GC
# heap), start to /readyz, API requests per stack and API writes per minute in steady state;
# writes bench/results/operator-DATE.md.
# Environment: OUT (default bench/results/operator-DATE.md), COUNTS (default 1,100,1000), STEADY seconds (default 60), STARTS (start-to-/readyz
# repeats per build, default 5), AOT=0 to leave the NativeAOT build out, VARIANTS (extra builds,
# space-separated LABEL=PATH;NAME=VALUE... e.g. "AOT-wks=artifacts/operator-aot/sensor-operator;DOTNET_gcServer=0").
# Takes about 15-25 minutes with both builds (the NativeAOT publish alone several on 2 cores).
set -euo pipefail
cd "$(dirname "$0")/../.."

counts="${COUNTS:-1,100,1000}"
steady="${STEADY:-60}"
starts="${STARTS:-5}"
# OUT names the record; an earlier record of the same day is never overwritten.
out="${OUT:-bench/results/operator-$(date -u +%Y-%m-%d).md}"
if [[ -e "$out" ]]; then
  echo "$out exists: set OUT to another file (records are kept)" >&2
  exit 1
fi
aot_dir="artifacts/operator-aot"

dotnet build -c Release src/Operator/Operator.csproj -nologo -v quiet
dotnet build -c Release bench/operator/OperatorBench.csproj -nologo -v quiet
builds=(--operator src/Operator/bin/Release/net10.0/sensor-operator.dll)
if [[ "${AOT:-1}" != "0" ]]; then
  dotnet publish -c Release -r linux-x64 -p:PublishAot=true src/Operator/Operator.csproj -o "$aot_dir" -nologo -v quiet
  builds+=(--aot "$aot_dir/sensor-operator")
fi
for variant in ${VARIANTS:-}; do
  builds+=(--variant "$variant")
done

dotnet bench/operator/bin/Release/net10.0/OperatorBench.dll "${builds[@]}" \
  --counts "$counts" --steady "$steady" --startup-repeats "$starts" --out "$out"
echo "wrote $out"
