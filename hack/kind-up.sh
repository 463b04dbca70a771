#!/usr/bin/env bash
# Creates (or reuses) a local Kubernetes cluster with kind or k3d and installs SensorStack on it:
# builds the operator and sensor images (tagged with the git SHA), loads them into the cluster
# without a registry, installs metrics-server (kind; k3s ships its own) and waits for its
# APIService, applies the CRD, installs the chart with --wait, applies the default sample
# SensorStack into namespace "sensors", waits until it is Ready and prints
# `kubectl get sensorstacks`.
#
# Docker is the only prerequisite: a missing kind, k3d, kubectl or helm is downloaded at a pinned
# version into .tools/bin and checksum-verified (see hack/lib/pinned-tools.sh).
#
# Idempotent: every step checks before it creates, so running it again upgrades the release with
# freshly built images and leaves everything else as it is.
#
# Environment:
#   PROVIDER       kind (default) or k3d
#   CLUSTER_NAME   cluster name (default: sensorstack)
#   IMAGE_TAG      tag of the built images (default: short git SHA, "-dirty-<hash>" for local changes)
#   SKIP_BUILD     true: do not build images, load existing ones with IMAGE_TAG
#   SKIP_SAMPLE    true: do not apply the default sample SensorStack
#   RELEASE_NAMESPACE  namespace of the Helm release (default: sensor-system)
#   USE_PINNED_TOOLS   true: ignore kind/k3d/kubectl/helm on PATH and use the pinned versions
#
# The kubeconfig is written to .tools/kubeconfig-<provider>-<cluster>; your ~/.kube/config and
# current context are never touched. Takes about 3-6 minutes the first time (node image pull,
# image builds), about 1 minute on a rerun.
set -euo pipefail

usage() { sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"; }
case "${1:-}" in
  -h | --help) usage; exit 0 ;;
  "") ;;
  *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
esac

# shellcheck source-path=SCRIPTDIR source=lib/cluster.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/cluster.sh"

release_namespace="${RELEASE_NAMESPACE:-sensor-system}"
sample_namespace="sensors"
sample_file="$root/config/samples/default.yaml"
operator_repository="ghcr.io/sensorstack/sensor-operator"
sensor_repository="ghcr.io/sensorstack/sensor-service"

require_docker
resolve_tool KUBECTL kubectl
resolve_tool HELM helm
case "$PROVIDER" in
  kind) resolve_tool KIND kind ;;
  k3d) resolve_tool K3D k3d ;;
esac

# --- cluster ---------------------------------------------------------------------------------
mkdir -p "$root/.tools"
if cluster_exists; then
  log "$PROVIDER cluster '$CLUSTER_NAME' exists; reusing it"
else
  log "creating $PROVIDER cluster '$CLUSTER_NAME'"
  case "$PROVIDER" in
    kind)
      "$KIND" create cluster --name "$CLUSTER_NAME" --image "$KIND_NODE_IMAGE" \
        --kubeconfig "$KUBECONFIG_FILE" --wait 180s
      ;;
    k3d)
      # Traefik is not needed; k3s' own metrics-server stays on.
      "$K3D" cluster create "$CLUSTER_NAME" --image "$K3S_IMAGE" \
        --kubeconfig-update-default=false --kubeconfig-switch-context=false \
        --k3s-arg "--disable=traefik@server:0" --wait --timeout 180s
      ;;
  esac
fi
# (Re)write the dedicated kubeconfig: it may be missing when the cluster was made elsewhere.
case "$PROVIDER" in
  kind) "$KIND" get kubeconfig --name "$CLUSTER_NAME" >"$KUBECONFIG_FILE" ;;
  k3d) "$K3D" kubeconfig get "$CLUSTER_NAME" >"$KUBECONFIG_FILE" ;;
esac
chmod 600 "$KUBECONFIG_FILE"
kctl wait --for=condition=Ready nodes --all --timeout=180s >/dev/null

# --- images ----------------------------------------------------------------------------------
if [[ -z "${IMAGE_TAG:-}" ]]; then
  git -C "$root" rev-parse --verify HEAD >/dev/null 2>&1 || die "not a git checkout with a commit: set IMAGE_TAG"
  IMAGE_TAG="$(git -C "$root" rev-parse --short=12 HEAD)"
  if ! git -C "$root" diff --quiet HEAD --; then
    # Local changes: a distinct tag per change set, so the Deployment really rolls.
    IMAGE_TAG="$IMAGE_TAG-dirty-$(git -C "$root" diff HEAD -- | sha256_of /dev/stdin | cut -c1-8)"
  fi
fi
operator_image="$operator_repository:$IMAGE_TAG"
sensor_image="$sensor_repository:$IMAGE_TAG"
if [[ "${SKIP_BUILD:-false}" != "true" ]]; then
  log "building $operator_image"
  docker build -f "$root/src/Operator/Dockerfile" -t "$operator_image" "$root"
  log "building $sensor_image"
  docker build -f "$root/src/SensorService/Dockerfile" -t "$sensor_image" "$root"
fi
log "loading images into the cluster"
case "$PROVIDER" in
  kind) "$KIND" load docker-image --name "$CLUSTER_NAME" "$operator_image" "$sensor_image" ;;
  k3d) "$K3D" image import --cluster "$CLUSTER_NAME" "$operator_image" "$sensor_image" ;;
esac

# --- metrics-server --------------------------------------------------------------------------
if [[ "$PROVIDER" == kind ]]; then
  # kind's kubelets serve self-signed certificates, hence --kubelet-insecure-tls (local clusters only).
  log "installing metrics-server chart $METRICS_SERVER_CHART_VERSION"
  hlm upgrade --install metrics-server metrics-server \
    --repo https://kubernetes-sigs.github.io/metrics-server/ --version "$METRICS_SERVER_CHART_VERSION" \
    --namespace kube-system --set 'args={--kubelet-insecure-tls}' --wait --timeout 5m
fi
log "waiting for the metrics.k8s.io APIService"
for _ in $(seq 1 60); do
  kctl get apiservice v1beta1.metrics.k8s.io >/dev/null 2>&1 && break
  sleep 5
done
kctl wait --for=condition=Available apiservice/v1beta1.metrics.k8s.io --timeout=300s

# --- operator --------------------------------------------------------------------------------
# Helm installs crds/ only on the first install and never upgrades it; applying the CRD first
# keeps a reused cluster on the current schema.
log "applying the SensorStack CRD"
kctl apply --server-side --force-conflicts -f "$root/config/crds/"
kctl wait --for=condition=Established crd/sensorstacks.sensorstack.io --timeout=60s

log "installing the chart into namespace $release_namespace"
# --set-string: a short SHA made only of digits would otherwise be a number and fail the schema.
kctl create namespace "$release_namespace" --dry-run=client -o yaml | kctl apply -f - >/dev/null
kctl label namespace "$release_namespace" --overwrite pod-security.kubernetes.io/enforce=restricted >/dev/null
hlm upgrade --install sensor-stack "$root/charts/sensor-stack" --namespace "$release_namespace" \
  --set-string image.tag="$IMAGE_TAG" --set image.pullPolicy=IfNotPresent \
  --set-string sensorImage="$sensor_image" --wait --timeout 5m

# --- sample ----------------------------------------------------------------------------------
if [[ "${SKIP_SAMPLE:-false}" != "true" ]]; then
  log "applying the default sample into namespace $sample_namespace"
  kctl create namespace "$sample_namespace" --dry-run=client -o yaml | kctl apply -f - >/dev/null
  kctl label namespace "$sample_namespace" --overwrite pod-security.kubernetes.io/enforce=restricted >/dev/null
  kctl apply --namespace "$sample_namespace" -f "$sample_file"
  sample_name="$(kctl get --namespace "$sample_namespace" -f "$sample_file" -o jsonpath='{.metadata.name}')"
  if ! kctl wait --namespace "$sample_namespace" "sensorstack/$sample_name" --for=condition=Ready --timeout=5m; then
    kctl describe --namespace "$sample_namespace" "sensorstack/$sample_name" >&2 || true
    kctl logs --namespace "$release_namespace" deployment/sensor-stack --tail=100 >&2 || true
    die "SensorStack $sample_namespace/$sample_name did not become Ready"
  fi
fi

log "done. Use this cluster with: export KUBECONFIG=$KUBECONFIG_FILE"
kctl get sensorstacks --all-namespaces
