package dev.dragoman.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** helm template with default, production and external-backend values: schema, policy rules, contents. */
class RenderedChartTest {

    static Stream<String> valueSets() {
        return Stream.of("default", "production", "external");
    }

    static List<ObjectNode> render(String valueSet) {
        return switch (valueSet) {
            case "default" -> HelmChart.render();
            case "production" -> HelmChart.render(HelmChart.PRODUCTION_VALUES);
            case "external" -> HelmChart.render(HelmChart.EXTERNAL_VALUES);
            default -> throw new IllegalArgumentException(valueSet);
        };
    }

    @ParameterizedTest
    @MethodSource("valueSets")
    void everyManifestMatchesTheKubernetesSchemaStrictly(String valueSet) {
        List<ObjectNode> manifests = render(valueSet);
        assertTrue(manifests.size() > 10, "only " + manifests.size() + " manifests rendered");
        assertEquals(List.of(), new SchemaValidator().validate(manifests));
    }

    @ParameterizedTest
    @MethodSource("valueSets")
    void everyManifestFollowsThePolicyRules(String valueSet) {
        assertEquals(List.of(), PolicyRules.check(render(valueSet)));
    }

    @Test
    void defaultRenderHasEveryKindOfResource() {
        Map<String, Integer> kinds = new TreeMap<>();
        HelmChart.render().forEach(m -> kinds.merge(Manifests.kind(m), 1, Integer::sum));
        assertEquals(Map.ofEntries(
                Map.entry("Cluster", 1),
                Map.entry("ConfigMap", 3),
                Map.entry("Deployment", 3),
                Map.entry("Elasticsearch", 1),
                Map.entry("HorizontalPodAutoscaler", 2),
                Map.entry("Ingress", 1),
                Map.entry("Job", 1),
                Map.entry("NetworkPolicy", 7),
                Map.entry("PodDisruptionBudget", 3),
                Map.entry("Secret", 2),
                Map.entry("Service", 3),
                Map.entry("ServiceAccount", 1),
                Map.entry("ServiceMonitor", 1)), kinds);
        List<ObjectNode> manifests = HelmChart.render();
        for (String service : List.of("ingest-service", "nlp-service", "query-service")) {
            Manifests.get(manifests, "Deployment", "dragoman-" + service);
            Manifests.get(manifests, "Service", "dragoman-" + service);
            Manifests.get(manifests, "ConfigMap", "dragoman-" + service);
            Manifests.get(manifests, "PodDisruptionBudget", "dragoman-" + service);
        }
        Manifests.get(manifests, "HorizontalPodAutoscaler", "dragoman-nlp-service");
        Manifests.get(manifests, "HorizontalPodAutoscaler", "dragoman-query-service");
    }

    /** The NetworkPolicies allow exactly the paths deploy/README.md lists, and nothing else. */
    @Test
    void networkPoliciesAllowExactlyTheDocumentedPaths() {
        assertEquals(new TreeSet<>(List.of(
                        "ingest -> nlp:8082",
                        "ingest -> query:8083",
                        // the OpenID Connect issuer (oidc.networkPolicyPeers narrows "anywhere")
                        "ingest -> anywhere:443",
                        "nlp -> anywhere:443",
                        "query -> anywhere:443",
                        "ingest -> postgresql:5432",
                        "nlp -> postgresql:5432",
                        "migrations -> postgresql:5432",
                        "query -> elasticsearch:9200",
                        "ingress-controller -> query:8083",
                        "prometheus -> ingest:8081",
                        "prometheus -> nlp:8082",
                        "prometheus -> query:8083",
                        "ingest -> dns:53", "nlp -> dns:53", "query -> dns:53", "migrations -> dns:53")),
                NetworkPaths.allowed(HelmChart.render()));
    }

    @Test
    void exposingIngestOpensThePathFromTheIngressController() {
        assertTrue(NetworkPaths.allowed(HelmChart.render(HelmChart.EXTERNAL_VALUES)).contains("ingress-controller -> ingest:8081"));
    }

    @Test
    void migrationsRunInAPreUpgradeHookWithTheIngestImage() {
        List<ObjectNode> manifests = HelmChart.render();
        ObjectNode job = Manifests.get(manifests, "Job", "dragoman-migrate");
        assertEquals("pre-upgrade", job.path("metadata").path("annotations").path(HelmChart.HOOK_ANNOTATION).asText());
        assertEquals("before-hook-creation,hook-succeeded",
                job.path("metadata").path("annotations").path(HelmChart.HOOK_ANNOTATION + "-delete-policy").asText());
        JsonNode container = Manifests.podSpec(job).path("containers").get(0);
        assertEquals(container(manifests, "ingest-service").path("image"), container.path("image"));
        assertEquals("true", env(container, "DRAGOMAN_INGEST_MIGRATE_ONLY").path("value").asText());
        // install: ingest-service migrates the (new) database itself; the hook takes over from the first upgrade
        assertEquals("true", configMap(manifests, "ingest-service").path("QUARKUS_FLYWAY_MIGRATE_AT_START").asText());
    }

    @Test
    void eckAndCloudNativePgSecretsAndServicesAreWired() {
        List<ObjectNode> manifests = HelmChart.render();
        JsonNode query = container(manifests, "query-service");
        assertEquals("dragoman-dragoman-query-user", env(query, "QUARKUS_ELASTICSEARCH_PASSWORD").at("/valueFrom/secretKeyRef/name").asText());
        assertEquals("password", env(query, "QUARKUS_ELASTICSEARCH_PASSWORD").at("/valueFrom/secretKeyRef/key").asText());
        assertEquals("dragoman-es-http:9200", configMap(manifests, "query-service").path("QUARKUS_ELASTICSEARCH_HOSTS").asText());
        assertEquals("username", env(query, "QUARKUS_ELASTICSEARCH_USERNAME").at("/valueFrom/secretKeyRef/key").asText());
        Manifests.get(manifests, "Elasticsearch", "dragoman");

        JsonNode ingest = container(manifests, "ingest-service");
        assertEquals("jdbc:postgresql://dragoman-pg-rw:5432/dragoman", env(ingest, "QUARKUS_DATASOURCE_JDBC_URL").path("value").asText());
        for (String[] variable : new String[][]{{"QUARKUS_DATASOURCE_USERNAME", "username"}, {"QUARKUS_DATASOURCE_PASSWORD", "password"}}) {
            assertEquals("dragoman-pg-app", env(ingest, variable[0]).at("/valueFrom/secretKeyRef/name").asText());
            assertEquals(variable[1], env(ingest, variable[0]).at("/valueFrom/secretKeyRef/key").asText());
        }
        Manifests.get(manifests, "Cluster", "dragoman-pg");
        assertEquals("http://dragoman-nlp-service:8082", configMap(manifests, "ingest-service").path("QUARKUS_REST_CLIENT_NLP_URL").asText());
        assertEquals("http://dragoman-query-service:8083", configMap(manifests, "ingest-service").path("QUARKUS_REST_CLIENT_QUERY_URL").asText());
    }

    @Test
    void externalBackendsTakePasswordsFromTheNamedSecrets() {
        List<ObjectNode> manifests = HelmChart.render(HelmChart.EXTERNAL_VALUES);
        assertTrue(Manifests.ofKind(manifests, "Elasticsearch").isEmpty());
        assertTrue(Manifests.ofKind(manifests, "Cluster").isEmpty());
        assertEquals("dragoman-es", env(container(manifests, "query-service"), "QUARKUS_ELASTICSEARCH_PASSWORD").at("/valueFrom/secretKeyRef/name").asText());
        assertEquals("dragoman-db", env(container(manifests, "ingest-service"), "QUARKUS_DATASOURCE_PASSWORD").at("/valueFrom/secretKeyRef/name").asText());
        assertEquals("es.search.svc:9200", configMap(manifests, "query-service").path("QUARKUS_ELASTICSEARCH_HOSTS").asText());
        assertEquals("https", configMap(manifests, "query-service").path("QUARKUS_ELASTICSEARCH_PROTOCOL").asText());
    }

    @Test
    void productionValuesScaleEverything() {
        List<ObjectNode> manifests = HelmChart.render(HelmChart.PRODUCTION_VALUES);
        // ingest-service follows the waiting articles with KEDA, which then owns the replica count
        assertTrue(Manifests.get(manifests, "Deployment", "dragoman-ingest-service").at("/spec/replicas").isMissingNode());
        ObjectNode scaler = Manifests.get(manifests, "ScaledObject", "dragoman-ingest-service");
        assertEquals("dragoman-ingest-service", scaler.at("/spec/scaleTargetRef/name").asText());
        assertEquals(3, scaler.at("/spec/minReplicaCount").asInt());
        assertEquals("postgresql", scaler.at("/spec/triggers/0/type").asText());
        assertTrue(scaler.at("/spec/triggers/0/metadata/query").asText().contains("status IN ('RECEIVED', 'TAGGED')"));
        ObjectNode auth = Manifests.get(manifests, "TriggerAuthentication", scaler.at("/spec/triggers/0/authenticationRef/name").asText());
        assertEquals("dragoman-pg-app", auth.at("/spec/secretTargetRef/0/name").asText());
        // registered sources may be fetched from public addresses only
        JsonNode fetching = null;
        for (JsonNode rule : Manifests.get(manifests, "NetworkPolicy", "dragoman-ingest-service").at("/spec/egress")) {
            if (rule.at("/to/0/ipBlock/cidr").asText().equals("0.0.0.0/0")) {
                fetching = rule;
            }
        }
        assertTrue(fetching != null && fetching.at("/to/0/ipBlock/except").toString().contains("10.0.0.0/8"),
                "no public-only egress for fetching sources");
        assertEquals(3, Manifests.get(manifests, "HorizontalPodAutoscaler", "dragoman-nlp-service").at("/spec/minReplicas").asInt());
        assertEquals(3, Manifests.get(manifests, "HorizontalPodAutoscaler", "dragoman-query-service").at("/spec/minReplicas").asInt());
        assertEquals(3, Manifests.get(manifests, "Elasticsearch", "dragoman").at("/spec/nodeSets/0/count").asInt());
        assertEquals(3, Manifests.get(manifests, "Cluster", "dragoman-pg").at("/spec/instances").asInt());
        assertEquals("dragoman-tls", Manifests.get(manifests, "Ingress", "dragoman").at("/spec/tls/0/secretName").asText());
        assertEquals("registry.example.com/dragoman/nlp-service:0.1.0-SNAPSHOT", container(manifests, "nlp-service").path("image").asText());
    }

    static JsonNode container(List<ObjectNode> manifests, String service) {
        return Manifests.podSpec(Manifests.get(manifests, "Deployment", "dragoman-" + service)).path("containers").get(0);
    }

    static JsonNode configMap(List<ObjectNode> manifests, String service) {
        return Manifests.get(manifests, "ConfigMap", "dragoman-" + service).path("data");
    }

    static JsonNode env(JsonNode container, String name) {
        for (JsonNode env : container.path("env")) {
            if (env.path("name").asText().equals(name)) {
                return env;
            }
        }
        throw new AssertionError("no env " + name + " in container " + container.path("name").asText());
    }

}
