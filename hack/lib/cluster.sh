# shellcheck shell=bash disable=SC2034 # variables here are used by the scripts that source this file
# Shared by hack/kind-up.sh, hack/kind-down.sh and hack/e2e.sh (sourced, not run): the pinned
# tool versions and checksums, the tool installer, and the cluster's dedicated kubeconfig.
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
tools_bin="$root/.tools/bin"

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

# Pinned versions. The kind node image digest is the one published in the kind v0.27.0 release
# notes for Kubernetes v1.32.2. For k3s no digest is pinned here (see README, "What was run");
# set K3S_IMAGE=rancher/k3s:v1.32.2-k3s1@sha256:... to pin one.
KIND_VERSION="v0.27.0"
KIND_NODE_IMAGE="${KIND_NODE_IMAGE:-kindest/node:v1.32.2@sha256:f226345927d7e348497136874b6d207e0b32cc52154ad8323129352923a3142f}"
K3D_VERSION="v5.8.3"
K3S_IMAGE="${K3S_IMAGE:-rancher/k3s:v1.32.2-k3s1}"
KUBECTL_VERSION="v1.32.2"
HELM_VERSION="v3.17.2"
METRICS_SERVER_CHART_VERSION="3.12.2" # metrics-server v0.7.2

# SHA-256 of the linux-amd64 downloads (what CI uses). On other platforms the download is checked
# against the checksum file the project publishes next to it, fetched over HTTPS from the same
# release; with a pinned value both must agree.
declare -A pinned_sha256=(
  ["kind-linux-amd64"]="a6875aaea358acf0ac07786b1a6755d08fd640f4c79b7a2e46681cc13f49a04b"
  ["k3d-linux-amd64"]="dbaa79a76ace7f4ca230a1ff41dc7d8a5036a8ad0309e9c54f9bf3836dbe853e"
  ["kubectl-linux-amd64"]="4f6a959dcc5b702135f8354cc7109b542a2933c46b808b248a214c1f69f817ea"
  ["helm-linux-amd64"]="90c28792a1eb5fb0b50028e39ebf826531ebfcf73f599050dbd79bab2f277241"
)

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

platform() {
  local os arch
  os="$(uname -s | tr '[:upper:]' '[:lower:]')"
  case "$(uname -m)" in
    x86_64 | amd64) arch=amd64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) die "unsupported CPU architecture $(uname -m)" ;;
  esac
  [[ "$os" == linux || "$os" == darwin ]] || die "unsupported OS $os (Linux and macOS are supported)"
  printf '%s-%s\n' "$os" "$arch"
}

sha256_of() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d' ' -f1
  else
    shasum -a 256 "$1" | cut -d' ' -f1
  fi
}

download() { # url destination
  curl --fail --silent --show-error --location --retry 3 --max-time 300 -o "$2" "$1"
}

# verify NAME FILE PUBLISHED_SHA: FILE must match the pinned checksum of NAME (when there is one)
# and the checksum its project published.
verify() {
  local name="$1" file="$2" published="$3" actual pinned
  actual="$(sha256_of "$file")"
  pinned="${pinned_sha256[$name]:-}"
  [[ -n "$published" ]] || die "$name: no published checksum found"
  if [[ -n "$pinned" && "$pinned" != "$published" ]]; then
    die "$name: published checksum $published differs from the pinned $pinned"
  fi
  [[ "$actual" == "$published" ]] || die "$name: checksum mismatch (got $actual, expected $published)"
  if [[ -n "$pinned" ]]; then
    log "$name: sha256 $actual matches the pinned and the published checksum"
  else
    log "$name: sha256 $actual matches the published checksum (no pinned value for this platform)"
  fi
}

# Installs one tool into .tools/bin unless it is there already. Tools found on PATH are used
# as they are (the user chose that version); only a missing tool is downloaded.
# Runs in a subshell (parentheses) so its EXIT trap removes the download directory.
install_tool() (
  local tool="$1" plat work url published
  plat="$(platform)"
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  mkdir -p "$tools_bin"
  case "$tool" in
    kind)
      url="https://github.com/kubernetes-sigs/kind/releases/download/$KIND_VERSION/kind-$plat"
      download "$url" "$work/kind"
      download "$url.sha256sum" "$work/kind.sha256sum"
      published="$(cut -d' ' -f1 <"$work/kind.sha256sum")"
      verify "kind-$plat" "$work/kind" "$published"
      install -m 0755 "$work/kind" "$tools_bin/kind"
      ;;
    k3d)
      url="https://github.com/k3d-io/k3d/releases/download/$K3D_VERSION"
      download "$url/k3d-$plat" "$work/k3d"
      download "$url/checksums.txt" "$work/checksums.txt"
      published="$(awk -v f="_dist/k3d-$plat" '$2 == f { print $1 }' "$work/checksums.txt")"
      verify "k3d-$plat" "$work/k3d" "$published"
      install -m 0755 "$work/k3d" "$tools_bin/k3d"
      ;;
    kubectl)
      url="https://dl.k8s.io/release/$KUBECTL_VERSION/bin/${plat%-*}/${plat#*-}/kubectl"
      download "$url" "$work/kubectl"
      download "$url.sha256" "$work/kubectl.sha256"
      published="$(tr -d '[:space:]' <"$work/kubectl.sha256")"
      verify "kubectl-$plat" "$work/kubectl" "$published"
      install -m 0755 "$work/kubectl" "$tools_bin/kubectl"
      ;;
    helm)
      url="https://get.helm.sh/helm-$HELM_VERSION-$plat.tar.gz"
      download "$url" "$work/helm.tar.gz"
      download "$url.sha256sum" "$work/helm.sha256sum"
      published="$(cut -d' ' -f1 <"$work/helm.sha256sum")"
      verify "helm-$plat" "$work/helm.tar.gz" "$published"
      tar -xzf "$work/helm.tar.gz" -C "$work" "$plat/helm"
      install -m 0755 "$work/$plat/helm" "$tools_bin/helm"
      ;;
    *) die "unknown tool $tool" ;;
  esac
  log "installed $tool into $tools_bin"
)

# Prints the path of a tool: .tools/bin first, then PATH (unless USE_PINNED_TOOLS=true), else
# installs the pinned version into .tools/bin.
tool_path() {
  local tool="$1"
  if [[ -x "$tools_bin/$tool" ]]; then
    printf '%s\n' "$tools_bin/$tool"
  elif [[ "${USE_PINNED_TOOLS:-false}" != "true" ]] && command -v "$tool" >/dev/null 2>&1; then
    command -v "$tool"
  else
    install_tool "$tool"
    printf '%s\n' "$tools_bin/$tool"
  fi
}

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
