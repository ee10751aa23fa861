{{/* The release's name prefix for every object. */}}
{{- define "costflow.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 50 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "costflow.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "costflow.apiSelectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: query-api
{{- end -}}

{{/*
The pipeline's Flink configuration: conf/config.yaml (the repository's flink-conf/config.yaml),
without what the operator derives from the FlinkDeployment itself (addresses, ports, process
sizes), with the state directories and any pipeline.flinkConfiguration from the values over it.
*/}}
{{- define "costflow.flinkConfiguration" -}}
{{- $conf := .Files.Get "conf/config.yaml" | fromYaml -}}
{{- $_ := unset $conf "rest" -}}
{{- $_ = unset $conf.jobmanager "rpc" -}}
{{- $_ = unset $conf.jobmanager "memory" -}}
{{- $_ = unset $conf.taskmanager.memory "process" -}}
{{- $dirs := dict "execution" (dict "checkpointing" (dict "dir" .Values.pipeline.checkpointDir "savepoint-dir" .Values.pipeline.savepointDir)) -}}
{{- $conf = mergeOverwrite $conf $dirs (deepCopy .Values.pipeline.flinkConfiguration) -}}
{{- toYaml $conf -}}
{{- end -}}
