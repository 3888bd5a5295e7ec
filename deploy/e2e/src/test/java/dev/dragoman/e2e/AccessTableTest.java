package dev.dragoman.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dragoman.local.Backends;
import dev.dragoman.local.SharedBackends;
import dev.dragoman.local.Suite;
import dev.dragoman.local.Tokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 10's access table: every operation of the three committed OpenAPI documents is called on the three running
 * services with no token, with a real Keycloak token of each role (reader, writer, curator, admin), with
 * ingest-service's own identity and with another service's (nlp-service, which holds no role), and the answer is
 * checked against docs/api/access.csv: 401 without a token, 403 for a caller whose roles (with their implications:
 * admin is reader, writer and curator; writer and curator also read) are not in the operation's row, and neither
 * 401 nor 403 for one whose roles are — the request itself is a placeholder (ids that do not exist, empty bodies), so
 * an allowed caller gets the operation's own answer (2xx, or the 400/404 that a placeholder deserves); the
 * successful calls of each role are in EndToEndTest. An operation missing from the table, or a row for an operation
 * that no longer exists, fails the test: a new endpoint cannot ship without stating who may call it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessTableTest {

    private static final Path API = E2e.projectDir().resolve("docs/api");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** Each caller and the roles it holds, implied ones included. */
    private static final Map<String, Set<String>> CALLERS = new LinkedHashMap<>();

    static {
        CALLERS.put("reader", Set.of("reader"));
        CALLERS.put("writer", Set.of("writer", "reader"));
        CALLERS.put("curator", Set.of("curator", "reader"));
        CALLERS.put("admin", Set.of("admin", "reader", "writer", "curator"));
        CALLERS.put("ingest-service", Set.of("indexer", "annotator"));
        CALLERS.put("nlp-service", Set.of());
    }

    private Suite suite;
    private Tokens tokens;

    record Operation(String service, String method, String path, String contentType) {
        String key() {
            return service + " " + method + " " + path;
        }
    }

    @BeforeAll
    void start() throws Exception {
        Backends backends = SharedBackends.get();
        tokens = backends.tokens();
        suite = Suite.start(E2e.projectDir(), backends, Suite.Ports.free(), "access",
                E2e.projectDir().resolve("deploy/e2e/target/service-logs/access"), Map.of());
    }

    @AfterAll
    void stop() {
        if (suite != null) {
            suite.close();
        }
    }

    @Test
    void everyOperationAnswersEachCallerAsTheTableSays() throws Exception {
        Map<String, Set<String>> table = table();
        List<Operation> operations = operations();
        Set<String> documented = new TreeSet<>();
        operations.forEach(o -> documented.add(o.key()));
        assertEquals(new TreeSet<>(table.keySet()), documented,
                "docs/api/access.csv and the OpenAPI documents list different operations");

        List<String> wrong = new ArrayList<>();
        int calls = 0;
        for (Operation operation : operations) {
            Set<String> allowed = table.get(operation.key());
            int anonymous = call(operation, null, wrong);
            calls++;
            if (anonymous != 401) {
                wrong.add(operation.key() + " without a token: " + anonymous + " (expected 401)");
            }
            for (Map.Entry<String, Set<String>> caller : CALLERS.entrySet()) {
                String token = caller.getKey().endsWith("-service") ? tokens.service(caller.getKey())
                        : tokens.user(caller.getKey());
                int status = call(operation, token, wrong);
                calls++;
                boolean may = caller.getValue().stream().anyMatch(allowed::contains);
                if (may && (status == 401 || status == 403)) {
                    wrong.add(operation.key() + " as " + caller.getKey() + ": " + status + " (allowed: " + allowed + ")");
                } else if (!may && status != 403) {
                    wrong.add(operation.key() + " as " + caller.getKey() + ": " + status + " (expected 403)");
                }
            }
        }
        assertTrue(wrong.isEmpty(), wrong.size() + " of " + calls + " calls answered otherwise:\n"
                + String.join("\n", wrong));
    }

    /** Sends the placeholder request; 401 and 403 must be problems. Returns the status. */
    private int call(Operation operation, String token, List<String> wrong) throws IOException, InterruptedException {
        String base = switch (operation.service()) {
            case "ingest-service" -> suite.ingest().url();
            case "nlp-service" -> suite.nlp().url();
            default -> suite.query().url();
        };
        String path = operation.path().replaceAll("\\{[^}]+}", "no-such-id");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        String body = operation.contentType() == null ? null
                : operation.contentType().contains("json") ? (path.endsWith("/bulk") ? "[]" : "{}") : "";
        if (body == null) {
            request.method(operation.method(), HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", operation.contentType())
                    .method(operation.method(), HttpRequest.BodyPublishers.ofString(body));
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        if ((status == 401 || status == 403)
                && !response.headers().firstValue("Content-Type").orElse("").contains("application/problem+json")) {
            wrong.add(operation.key() + ": " + status + " is not a problem: " + response.body());
        }
        if (status >= 500) {
            wrong.add(operation.key() + ": " + status + " " + response.body());
        }
        return status;
    }

    /** docs/api/access.csv: "service method path" -> roles. */
    static Map<String, Set<String>> table() throws IOException {
        Map<String, Set<String>> table = new LinkedHashMap<>();
        for (String line : Files.readAllLines(API.resolve("access.csv"))) {
            if (line.isBlank() || line.startsWith("#") || line.startsWith("service,")) {
                continue;
            }
            String[] cells = line.split(",");
            table.put(cells[0] + " " + cells[1] + " " + cells[2], Set.of(cells[3].split("\\|")));
        }
        return table;
    }

    /** Every operation of the committed OpenAPI documents, with the first media type its body takes. */
    static List<Operation> operations() throws IOException {
        List<Operation> operations = new ArrayList<>();
        for (String service : List.of("ingest-service", "nlp-service", "query-service")) {
            JsonNode paths = new ObjectMapper().readTree(API.resolve(service + ".openapi.json").toFile()).path("paths");
            Iterator<String> names = paths.fieldNames();
            while (names.hasNext()) {
                String path = names.next();
                Iterator<Map.Entry<String, JsonNode>> methods = paths.path(path).fields();
                while (methods.hasNext()) {
                    Map.Entry<String, JsonNode> method = methods.next();
                    if (!Set.of("get", "put", "post", "delete", "patch").contains(method.getKey())) {
                        continue;
                    }
                    Iterator<String> types = method.getValue().path("requestBody").path("content").fieldNames();
                    String type = null;
                    while (types.hasNext()) {
                        String candidate = types.next();
                        if (type == null || candidate.contains("json")) {
                            type = type != null && type.contains("json") ? type : candidate;
                        }
                    }
                    operations.add(new Operation(service, method.getKey().toUpperCase(), path, type));
                }
            }
        }
        return operations;
    }
}
