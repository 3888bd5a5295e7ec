{{/*
Names, labels and the pieces every workload shares. The three services are the "components" ingest, nlp and query;
their values live under .Values.<component>.
*/}}

{{- define "dragoman.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "dragoman.fullname" -}}
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

{{- define "dragoman.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The service name of a component: ingest -> ingest-service. */}}
{{- define "dragoman.service" -}}
{{- printf "%s-service" . }}
{{- end }}

{{/* The HTTP port of a component, fixed by the service's application.properties (quarkus.http.port). */}}
{{- define "dragoman.port" -}}
{{- get (dict "ingest" 8081 "nlp" 8082 "query" 8083) . }}
{{- end }}

{{/* Resource name of a component: <fullname>-ingest-service. Call with (dict "root" $ "component" "ingest"). */}}
{{- define "dragoman.componentName" -}}
{{- printf "%s-%s" (include "dragoman.fullname" .root | trunc 47 | trimSuffix "-") (include "dragoman.service" .component) }}
{{- end }}

{{- define "dragoman.labels" -}}
helm.sh/chart: {{ include "dragoman.chart" . }}
app.kubernetes.io/part-of: {{ include "dragoman.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* Labels of every pod of a Dragoman service (the NetworkPolicies' default deny selects these). */}}
{{- define "dragoman.podLabels" -}}
app.kubernetes.io/part-of: {{ include "dragoman.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* Selector labels of one component. Call with (dict "root" $ "component" "ingest"). */}}
{{- define "dragoman.selectorLabels" -}}
app.kubernetes.io/name: {{ include "dragoman.service" .component }}
{{ include "dragoman.podLabels" .root }}
{{- end }}

{{- define "dragoman.componentLabels" -}}
{{ include "dragoman.labels" .root }}
app.kubernetes.io/name: {{ include "dragoman.service" .component }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "dragoman.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "dragoman.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* Image of a component: [registry/]repository:tag, the tag defaulting to the chart's appVersion. */}}
{{- define "dragoman.image" -}}
{{- $values := get .root.Values .component }}
{{- $repository := $values.image.repository }}
{{- if .root.Values.image.registry }}
{{- $repository = printf "%s/%s" (trimSuffix "/" .root.Values.image.registry) $repository }}
{{- end }}
{{- printf "%s:%s" $repository (default .root.Chart.AppVersion .root.Values.image.tag) }}
{{- end }}

{{/* The Secret (kubernetes.io/basic-auth, with its roles) of query-service's own Elasticsearch user under ECK. */}}
{{- define "dragoman.esUserSecret" -}}
{{ include "dragoman.esName" . }}-dragoman-query-user
{{- end }}

{{/* Name of the ECK Elasticsearch resource. */}}
{{- define "dragoman.esName" -}}
{{- default (include "dragoman.fullname" .) .Values.elasticsearch.eck.name | trunc 40 | trimSuffix "-" }}
{{- end }}

{{/* Name of the CloudNativePG Cluster. */}}
{{- define "dragoman.pgName" -}}
{{- default (printf "%s-pg" (include "dragoman.fullname" .)) .Values.postgresql.cnpg.name | trunc 50 | trimSuffix "-" }}
{{- end }}

{{/* A configuration key as its environment variable, the Quarkus way: dragoman.query.index-prefix -> DRAGOMAN_QUERY_INDEX_PREFIX. */}}
{{- define "dragoman.envName" -}}
{{- regexReplaceAll "[^A-Z0-9]" (upper .) "_" }}
{{- end }}

{{/* PostgreSQL connection (ingest-service, nlp-service's knowledge base, and the migration Job): the env entries that come from Secrets or values. */}}
{{- define "dragoman.datasourceEnv" -}}
{{- if eq .Values.postgresql.mode "cnpg" }}
- name: QUARKUS_DATASOURCE_JDBC_URL
  value: {{ printf "jdbc:postgresql://%s-rw:5432/%s" (include "dragoman.pgName" .) .Values.postgresql.cnpg.database | quote }}
- name: QUARKUS_DATASOURCE_USERNAME
  valueFrom:
    secretKeyRef:
      name: {{ include "dragoman.pgName" . }}-app
      key: username
- name: QUARKUS_DATASOURCE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "dragoman.pgName" . }}-app
      key: password
{{- else }}
- name: QUARKUS_DATASOURCE_JDBC_URL
  value: {{ required "postgresql.external.jdbcUrl is required with postgresql.mode=external" .Values.postgresql.external.jdbcUrl | quote }}
- name: QUARKUS_DATASOURCE_USERNAME
  value: {{ .Values.postgresql.external.username | quote }}
- name: QUARKUS_DATASOURCE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ required "postgresql.external.existingSecret is required with postgresql.mode=external" .Values.postgresql.external.existingSecret }}
      key: {{ .Values.postgresql.external.passwordKey }}
{{- end }}
{{- end }}

{{/* Configuration of a component as environment variables (the ConfigMap's data): wiring first, then .config. */}}
{{- define "dragoman.configEnv" -}}
{{- $root := .root }}
{{- $env := dict }}
{{- if eq .component "ingest" }}
{{- $_ := set $env "QUARKUS_REST_CLIENT_NLP_URL" (printf "http://%s:%s" (include "dragoman.componentName" (dict "root" $root "component" "nlp")) (include "dragoman.port" "nlp")) }}
{{- $_ := set $env "QUARKUS_REST_CLIENT_QUERY_URL" (printf "http://%s:%s" (include "dragoman.componentName" (dict "root" $root "component" "query")) (include "dragoman.port" "query")) }}
{{- /* First install: ingest-service migrates the empty database at start; every upgrade: the pre-upgrade Job does. */}}
{{- $_ := set $env "QUARKUS_FLYWAY_MIGRATE_AT_START" (ternary "true" "false" (or (not $root.Values.migrations.enabled) $root.Release.IsInstall)) }}
{{- else if eq .component "query" }}
{{- if eq $root.Values.elasticsearch.mode "eck" }}
{{- $_ := set $env "QUARKUS_ELASTICSEARCH_HOSTS" (printf "%s-es-http:9200" (include "dragoman.esName" $root)) }}
{{- $_ := set $env "QUARKUS_ELASTICSEARCH_PROTOCOL" (ternary "https" "http" $root.Values.elasticsearch.eck.tls) }}
{{- if $root.Values.elasticsearch.eck.tls }}
{{- $_ := set $env "DRAGOMAN_QUERY_ELASTICSEARCH_CA_FILE" "/etc/dragoman/elasticsearch-ca/ca.crt" }}
{{- end }}
{{- else }}
{{- $_ := set $env "QUARKUS_ELASTICSEARCH_HOSTS" (required "elasticsearch.external.hosts is required with elasticsearch.mode=external" $root.Values.elasticsearch.external.hosts) }}
{{- $_ := set $env "QUARKUS_ELASTICSEARCH_PROTOCOL" $root.Values.elasticsearch.external.protocol }}
{{- if $root.Values.elasticsearch.external.username }}
{{- $_ := set $env "QUARKUS_ELASTICSEARCH_USERNAME" $root.Values.elasticsearch.external.username }}
{{- end }}
{{- end }}
{{- end }}
{{- $_ := set $env "QUARKUS_OIDC_AUTH_SERVER_URL" (required "oidc.issuer is required: the services accept only its tokens" $root.Values.oidc.issuer) }}
{{- if eq .component "ingest" }}
{{- $_ := set $env "QUARKUS_OIDC_CLIENT_CLIENT_ID" $root.Values.oidc.ingestClient.id }}
{{- end }}
{{- with $root.Values.corsOrigins }}
{{- $_ := set $env "QUARKUS_HTTP_CORS_ENABLED" "true" }}
{{- $_ := set $env "QUARKUS_HTTP_CORS_ORIGINS" (join "," .) }}
{{- end }}
{{- range $key, $value := (get $root.Values .component).config }}
{{- $_ := set $env (include "dragoman.envName" $key) (toString $value) }}
{{- end }}
{{- range $name, $value := $env }}
{{ $name }}: {{ $value | quote }}
{{- end }}
{{- end }}

{{/* NetworkPolicy peer for the pods of one component. */}}
{{- define "dragoman.peer" -}}
- podSelector:
    matchLabels:
      {{- include "dragoman.selectorLabels" . | nindent 6 }}
{{- end }}

{{/* NetworkPolicy egress rule to PostgreSQL (the CloudNativePG pods, or the external database's peers). */}}
{{- define "dragoman.postgresEgress" -}}
{{- if eq .Values.postgresql.mode "cnpg" }}
- to:
    - podSelector:
        matchLabels:
          cnpg.io/cluster: {{ include "dragoman.pgName" . }}
  ports:
    - port: 5432
      protocol: TCP
{{- else }}
- {{- with .Values.postgresql.external.networkPolicyPeers }}
  to:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  ports:
    - port: {{ .Values.postgresql.external.port }}
      protocol: TCP
{{- end }}
{{- end }}
