{{/*
Chart name, overridable with nameOverride. Kubernetes names are DNS labels: at most 63
characters, no trailing dash.
*/}}
{{- define "sensor-stack.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Fully qualified app name, used for every object the chart creates. It is the release name
when that already contains the chart name (avoids "demo-sensor-stack-sensor-stack"), else
"<release>-<chart>". Truncated to 63 characters because some Kubernetes name fields are
limited to that (DNS-1123 label).
*/}}
{{- define "sensor-stack.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Chart label value: "<name>-<version>", with "+" (not allowed in label values) replaced.
*/}}
{{- define "sensor-stack.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Labels shared by every object of the release, without a component. These may change between
releases (version, chart), so they must never be used in a selector.
*/}}
{{- define "sensor-stack.baseLabels" -}}
helm.sh/chart: {{ include "sensor-stack.chart" . }}
app.kubernetes.io/name: {{ include "sensor-stack.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: sensor-stack
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/*
Labels of the operator's objects: the base labels plus the operator component.
*/}}
{{- define "sensor-stack.labels" -}}
{{ include "sensor-stack.baseLabels" . }}
app.kubernetes.io/component: operator
{{- end }}

{{/*
Selector labels of the operator pods: stable for the life of the release, because a
Deployment's selector is immutable.
*/}}
{{- define "sensor-stack.selectorLabels" -}}
app.kubernetes.io/name: {{ include "sensor-stack.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: operator
{{- end }}

{{/*
Name of the operator's ServiceAccount: the fullname when the chart creates it, else the
given name (or "default", which then needs the RBAC bound to it by hand).
*/}}
{{- define "sensor-stack.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "sensor-stack.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
Operator image reference: a digest wins over a tag; the tag defaults to the chart's appVersion.
*/}}
{{- define "sensor-stack.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/*
Namespace that holds the leader-election Lease: the release namespace unless overridden.
The Lease Role is created there.
*/}}
{{- define "sensor-stack.leaseNamespace" -}}
{{- default .Release.Namespace .Values.leaderElection.namespace }}
{{- end }}

{{/*
The restricted Pod Security container securityContext, shared by the operator and the
`helm test` pod so both pass a namespace enforcing the restricted profile.
*/}}
{{- define "sensor-stack.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
capabilities:
  drop: ["ALL"]
seccompProfile:
  type: RuntimeDefault
{{- end }}
