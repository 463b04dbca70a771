#!/usr/bin/env bash
# Deletes the local cluster made by hack/kind-up.sh and its dedicated kubeconfig file
# (.tools/kubeconfig-<provider>-<cluster>). Idempotent: a cluster that does not exist is not an
# error. Images in the local Docker engine are kept (they make the next kind-up faster).
#
# Environment:
#   PROVIDER       kind (default) or k3d
#   CLUSTER_NAME   cluster name (default: sensorstack)
#
# Takes a few seconds.
set -euo pipefail

usage() { sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"; }
case "${1:-}" in
  -h | --help) usage; exit 0 ;;
  "") ;;
  *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
esac

# shellcheck source-path=SCRIPTDIR source=lib/cluster.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/cluster.sh"

require_docker
case "$PROVIDER" in
  kind) resolve_tool KIND kind ;;
  k3d) resolve_tool K3D k3d ;;
esac

if cluster_exists; then
  log "deleting $PROVIDER cluster '$CLUSTER_NAME'"
  case "$PROVIDER" in
    kind) "$KIND" delete cluster --name "$CLUSTER_NAME" --kubeconfig "$KUBECONFIG_FILE" ;;
    k3d) "$K3D" cluster delete "$CLUSTER_NAME" ;;
  esac
else
  log "$PROVIDER cluster '$CLUSTER_NAME' does not exist; nothing to delete"
fi
rm -f "$KUBECONFIG_FILE"
