package dev.dragoman.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 10's cluster defaults: the Ingress routes only the public read API (and ingest submission where values enable
 * it), never an indexing endpoint — checked against every operation of the committed OpenAPI documents; query-service
 * reaches Elasticsearch as a user whose role is limited to the project's indices, over TLS with ECK's CA; CORS is
 * off unless origins are configured.
 */
class SafeDefaultsTest {

    private static final Path API = Path.of(System.getProperty("dragoman.api.dir", "../../docs/api"));
    private static final String PREFIX = "dragoman";

    static Stream<String> valueSets() {
        return Stream.of("default", "production", "external", "exposed");
    }

    static List<ObjectNode> render(String valueSet) {
        return switch (valueSet) {
            case "exposed" -> HelmChart.render(Path.of("src/test/resources/values-exposed.yaml").toAbsolutePath());
            default -> RenderedChartTest.render(valueSet);
        };
    }

    /** One operation of a committed OpenAPI document: its service, method and path (templates as written). */
    record Operation(String service, String method, String path) {
        @Override
        public String toString() {
            return service + " " + method + " " + path;
        }
    }

    /** An Ingress path: the Service it goes to, the path and its type. */
    record Route(String service, String path, String type) {
        boolean routes(String operationPath) {
            // a path template's parameters match any one segment; Prefix matches whole segments
            String concrete = operationPath.replaceAll("\\{[^}]+}", "x");
            return switch (type) {
                case "Exact" -> concrete.equals(path);
                case "Prefix" -> path.equals("/") || concrete.equals(path) || concrete.startsWith(
                        path.endsWith("/") ? path : path + "/");
                default -> true; // ImplementationSpecific: assume the worst
            };
        }
    }

    static List<Operation> operations() throws IOException {
        List<Operation> operations = new ArrayList<>();
        for (String service : List.of("ingest-service", "nlp-service", "query-service")) {
            JsonNode document = new ObjectMapper().readTree(API.resolve(service + ".openapi.json").toFile());
            Iterator<String> paths = document.path("paths").fieldNames();
            while (paths.hasNext()) {
                String path = paths.next();
                Iterator<String> methods = document.path("paths").path(path).fieldNames();
                while (methods.hasNext()) {
                    String method = methods.next();
                    if (Set.of("get", "put", "post", "delete", "patch").contains(method)) {
                        operations.add(new Operation(service, method.toUpperCase(), path));
                    }
                }
            }
        }
        assertTrue(operations.size() > 30, "the OpenAPI documents were not read: " + operations);
        return operations;
    }

    static List<Route> routes(List<ObjectNode> manifests) {
        List<Route> routes = new ArrayList<>();
        for (ObjectNode ingress : Manifests.ofKind(manifests, "Ingress")) {
            for (JsonNode rule : ingress.path("spec").path("rules")) {
                for (JsonNode path : rule.path("http").path("paths")) {
                    String service = path.path("backend").path("service").path("name").asText()
                            .replaceFirst("^" + HelmChart.RELEASE + "-", "");
                    routes.add(new Route(service, path.path("path").asText(), path.path("pathType").asText()));
                }
            }
        }
        return routes;
    }

    @ParameterizedTest
    @MethodSource("valueSets")
    void theIngressRoutesOnlyThePublicApiAndIngestSubmissionNeverIndexing(String valueSet) throws IOException {
        List<Route> routes = routes(render(valueSet));
        Set<String> routed = new TreeSet<>();
        for (Operation operation : operations()) {
            boolean reached = routes.stream().anyMatch(r -> r.service().equals(operation.service())
                    && r.routes(operation.path()));
            if (reached) {
                routed.add(operation.toString());
            }
            if (operation.path().startsWith("/internal/")) {
                assertFalse(reached, valueSet + ": the Ingress routes the internal " + operation);
            }
            if (operation.service().equals("nlp-service")) {
                assertFalse(reached, valueSet + ": the Ingress routes nlp-service's " + operation);
            }
            if (operation.service().equals("ingest-service") && reached) {
                assertTrue(Set.of("/api/v1/articles", "/api/v1/articles/batch").contains(operation.path()),
                        valueSet + ": the Ingress routes more of ingest-service than submission: " + operation);
            }
            if (operation.service().equals("query-service") && !operation.path().startsWith("/internal/")) {
                assertTrue(reached || routes.isEmpty(), valueSet + ": the public " + operation + " is not routed");
            }
        }
        // the indexing operations exist (and are what the rule above keeps out)
        assertTrue(operations().stream().anyMatch(o -> o.service().equals("query-service")
                && o.method().equals("POST") && o.path().equals("/internal/v1/articles/bulk")));
        assertTrue(operations().stream().anyMatch(o -> o.service().equals("query-service")
                && o.method().equals("PUT") && o.path().equals("/internal/v1/articles/{id}")));
        if (valueSet.equals("exposed")) {
            assertTrue(routed.contains("ingest-service POST /api/v1/articles/batch"), routed.toString());
        }
        if (valueSet.equals("default")) {
            assertTrue(routed.stream().noneMatch(o -> o.startsWith("ingest-service")), routed.toString());
        }
    }

    @Test
    void queryServiceUsesItsOwnElasticsearchUserWhoseRoleReachesOnlyTheProjectsIndices() throws IOException {
        List<ObjectNode> manifests = HelmChart.render();
        String rendered = Manifests.YAML.writeValueAsString(manifests);
        assertFalse(rendered.contains("es-elastic-user"), "nothing uses ECK's elastic superuser");

        JsonNode user = Manifests.get(manifests, "Secret", "dragoman-dragoman-query-user");
        assertEquals("kubernetes.io/basic-auth", user.path("type").asText());
        assertEquals("dragoman_query", user.path("stringData").path("roles").asText());
        assertTrue(user.path("stringData").path("password").asText().length() >= 32);

        JsonNode roles = Manifests.YAML.readTree(Manifests.get(manifests, "Secret", "dragoman-dragoman-roles")
                .path("stringData").path("roles.yml").asText());
        assertEquals(Set.of("dragoman_query"), fieldNames(roles));
        JsonNode role = roles.path("dragoman_query");
        Set<String> cluster = new TreeSet<>();
        role.path("cluster").forEach(p -> cluster.add(p.asText()));
        assertEquals(Set.of("monitor"), cluster, "cluster privileges");
        assertFalse(role.has("run_as"), "no run_as");
        for (JsonNode indices : role.path("indices")) {
            for (JsonNode name : indices.path("names")) {
                assertTrue(name.asText().startsWith(PREFIX + "-") && !name.asText().equals("*"),
                        "index pattern outside the project: " + name);
            }
            indices.path("privileges").forEach(p -> assertFalse(p.asText().equals("all"), "all on indices"));
        }

        JsonNode es = Manifests.get(manifests, "Elasticsearch", "dragoman");
        assertEquals("dragoman-dragoman-query-user", es.path("spec").path("auth").path("fileRealm").path(0)
                .path("secretName").asText());
        assertEquals("dragoman-dragoman-roles", es.path("spec").path("auth").path("roles").path(0)
                .path("secretName").asText());
        JsonNode env = Manifests.podSpec(Manifests.get(manifests, "Deployment", "dragoman-query-service"))
                .path("containers").path(0).path("env");
        for (String variable : List.of("QUARKUS_ELASTICSEARCH_USERNAME", "QUARKUS_ELASTICSEARCH_PASSWORD")) {
            JsonNode entry = find(env, variable);
            assertEquals("dragoman-dragoman-query-user", entry.path("valueFrom").path("secretKeyRef").path("name")
                    .asText(), variable);
        }
    }

    @Test
    void elasticsearchIsReachedOverTlsTrustingEcksAuthority() {
        List<ObjectNode> manifests = HelmChart.render();
        JsonNode es = Manifests.get(manifests, "Elasticsearch", "dragoman");
        assertFalse(es.path("spec").path("http").path("tls").path("selfSignedCertificate").path("disabled")
                .asBoolean(false), "TLS is on");
        JsonNode config = Manifests.get(manifests, "ConfigMap", "dragoman-query-service").path("data");
        assertEquals("https", config.path("QUARKUS_ELASTICSEARCH_PROTOCOL").asText());
        String caFile = config.path("DRAGOMAN_QUERY_ELASTICSEARCH_CA_FILE").asText();
        JsonNode pod = Manifests.podSpec(Manifests.get(manifests, "Deployment", "dragoman-query-service"));
        JsonNode mount = find(pod.path("containers").path(0).path("volumeMounts"), "elasticsearch-ca");
        assertEquals(mount.path("mountPath").asText() + "/ca.crt", caFile);
        assertEquals("dragoman-es-http-certs-public", find(pod.path("volumes"), "elasticsearch-ca").path("secret")
                .path("secretName").asText());
    }

    @Test
    void corsIsOffUnlessOriginsAreConfigured() {
        for (String valueSet : List.of("default", "production", "external")) {
            for (ObjectNode configMap : Manifests.ofKind(render(valueSet), "ConfigMap")) {
                fieldNames(configMap.path("data")).forEach(key -> assertFalse(key.startsWith("QUARKUS_HTTP_CORS"),
                        valueSet + ": " + key + " in " + Manifests.name(configMap)));
            }
        }
        JsonNode query = Manifests.get(render("exposed"), "ConfigMap", "dragoman-query-service").path("data");
        assertEquals("true", query.path("QUARKUS_HTTP_CORS_ENABLED").asText());
        assertEquals("https://newsroom.example.com", query.path("QUARKUS_HTTP_CORS_ORIGINS").asText());
    }

    private static JsonNode find(JsonNode namedList, String name) {
        for (JsonNode item : namedList) {
            if (name.equals(item.path("name").asText())) {
                return item;
            }
        }
        throw new AssertionError("no " + name + " in " + namedList);
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
