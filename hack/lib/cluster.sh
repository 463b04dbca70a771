# shellcheck shell=bash disable=SC2034 # variables here are used by the scripts that source this file
# Shared by hack/kind-up.sh, hack/kind-down.sh and hack/e2e.sh (sourced, not run): the provider
# settings and the cluster's dedicated kubeconfig. Tool versions, checksums and the installer
# (resolve_tool) are in hack/lib/pinned-tools.sh, sourced here.
#
# Environment:
#   PROVIDER       kind (default) or k3d
#   CLUSTER_NAME   cluster name (default: sensorstack)
#   KIND_NODE_IMAGE / K3S_IMAGE   override the pinned node image
#   USE_PINNED_TOOLS  true: ignore kind/k3d/kubectl/helm on PATH, use or install the pinned ones

if ((BASH_VERSINFO[0] < 4)); then
  echo "bash 4 or newer is required (this is $BASH_VERSION; on macOS: brew install bash)" >&2
  exit 2
fi

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=hack/lib/pinned-tools.sh
source "$root/hack/lib/pinned-tools.sh"

PROVIDER="${PROVIDER:-kind}"
CLUSTER_NAME="${CLUSTER_NAME:-sensorstack}"
case "$PROVIDER" in
  kind | k3d) ;;
  *) echo "PROVIDER must be kind or k3d, not '$PROVIDER'" >&2; exit 2 ;;
esac
if [[ ! "$CLUSTER_NAME" =~ ^[a-z0-9]([-a-z0-9]{0,30}[a-z0-9])?$ ]]; then
  echo "CLUSTER_NAME '$CLUSTER_NAME' must be a lowercase DNS label of at most 32 characters" >&2
  exit 2
fi

# Every kubectl/helm call of these scripts uses this file, never the user's ~/.kube/config.
KUBECONFIG_FILE="$root/.tools/kubeconfig-$PROVIDER-$CLUSTER_NAME"

require_docker() {
  command -v docker >/dev/null 2>&1 || die "docker is required (the only prerequisite) and is not on PATH"
  docker info >/dev/null 2>&1 || die "docker is installed but its engine is not reachable (is the daemon running?)"
}

cluster_exists() {
  case "$PROVIDER" in
    kind) "$KIND" get clusters 2>/dev/null | grep -qx "$CLUSTER_NAME" ;;
    k3d) "$K3D" cluster get "$CLUSTER_NAME" >/dev/null 2>&1 ;;
  esac
}

# Thin wrappers that always use the cluster's own kubeconfig.
kctl() { "$KUBECTL" --kubeconfig "$KUBECONFIG_FILE" "$@"; }
hlm() { "$HELM" --kubeconfig "$KUBECONFIG_FILE" "$@"; }
