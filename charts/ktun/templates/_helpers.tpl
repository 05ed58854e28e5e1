{{/* The chart's name, overridable with nameOverride. */}}
{{- define "ktun.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The prefix of every namespaced object: the release name, or release-chart when the release name does not already
say ktun. Cluster-scoped objects that users and the CLI refer to by name (ktun-developer, the CRD) do not use it.
*/}}
{{- define "ktun.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else if contains (include "ktun.name" .) .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name (include "ktun.name" .) | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{/* The operator Deployment's name; its leader election Lease is always `ktun-operator` (the operator's constant). */}}
{{- define "ktun.operatorName" -}}
{{- printf "%s-operator" (include "ktun.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "ktun.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/name: {{ include "ktun.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: ktun
{{- end }}

{{/* Selects the operator pods; never changes across upgrades (a Deployment's selector is immutable). */}}
{{- define "ktun.operatorSelectorLabels" -}}
app.kubernetes.io/name: {{ include "ktun.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: operator
{{- end }}

{{- define "ktun.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "ktun.operatorName" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name must name an existing ServiceAccount when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "ktun.operatorImage" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/* The proxy image the operator puts into every proxy Deployment: released with the operator, same tag. */}}
{{- define "ktun.proxyImage" -}}
{{- printf "%s:%s" .Values.proxy.image.repository (default .Chart.AppVersion .Values.proxy.image.tag) }}
{{- end }}

{{- define "ktun.hooksImage" -}}
{{- printf "%s:%s" .Values.hooks.image.repository .Values.hooks.image.tag }}
{{- end }}

{{/* kubectl keeps its discovery cache under $HOME: point it at the writable /tmp of a read-only root filesystem. */}}
{{- define "ktun.kubectlEnv" -}}
- name: HOME
  value: /tmp
{{- end }}

{{/* imagePullSecrets given as names or as {name: ...} objects. */}}
{{- define "ktun.imagePullSecrets" -}}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- range . }}
  - name: {{ if kindIs "map" . }}{{ .name }}{{ else }}{{ . }}{{ end }}
  {{- end }}
{{- end }}
{{- end }}

{{/*
A CRD taken as is from files/crds/ (generated from the api module's classes; a test in api keeps each copy equal to
the generated one, and a chart test keeps the rendering equal to it), with the chart's labels and, with crds.keep,
the keep policy that leaves it, and every resource of its kind, in place on `helm uninstall`.
Call with (dict "root" $ "file" "files/crds/<plural>.ktun.dev-v1.yml").
*/}}
{{- define "ktun.crd" -}}
{{- $crd := .root.Files.Get .file | fromYaml }}
{{- $metadata := dict "name" $crd.metadata.name "labels" (include "ktun.labels" .root | fromYaml) }}
{{- if .root.Values.crds.keep }}
{{- $_ := set $metadata "annotations" (dict "helm.sh/resource-policy" "keep") }}
{{- end }}
{{- $_ := set $crd "metadata" $metadata }}
{{- toYaml $crd }}
{{- end }}
