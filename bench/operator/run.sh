#!/usr/bin/env bash
# Operator macro benchmark: 1, 100 and 1,000 SensorStacks against the in-process fake API server.
# Measures time until every stack is Ready, the operator's idle and peak RSS, API requests per
# stack, and API writes per minute in steady state; writes bench/results/operator-DATE.md.
# Environment: COUNTS (default 1,100,1000), STEADY seconds (default 60). Takes about 5-10 minutes.
set -euo pipefail
cd "$(dirname "$0")/../.."

counts="${COUNTS:-1,100,1000}"
steady="${STEADY:-60}"
out="bench/results/operator-$(date -u +%Y-%m-%d).md"

dotnet build -c Release src/Operator/Operator.csproj -nologo -v quiet
dotnet build -c Release bench/operator/OperatorBench.csproj -nologo -v quiet
dotnet bench/operator/bin/Release/net10.0/OperatorBench.dll \
  --operator src/Operator/bin/Release/net10.0/sensor-operator.dll \
  --counts "$counts" --steady "$steady" --out "$out"
echo "wrote $out"
