package dev.dragoman.ingest.rest;

import dev.dragoman.local.testing.HostileRequests;
import dev.dragoman.local.testing.HostileRequests.Request;
import dev.dragoman.local.testing.StackTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Property-based: generated hostile requests at every operation of ingest-service's contract (docs/api) answer no
 * 5xx, every 4xx is a problem, and every article accepted stays retrievable, with no NUL or other control stored.
 * The named cases come first, then 600 requests drawn with a fixed seed (see {@link HostileRequests}).
 */
@QuarkusTest
@WithTestResource(value = StackTestResource.class, initArgs = @ResourceArg(name = "database", value = "ingest_test"))
class HostileRequestsTest {

    /** A real token of the run's Keycloak on every request (Auth: an admin's, or ingest-service's where only it may). */
    @org.junit.jupiter.api.BeforeEach
    void authenticate() {
        io.restassured.RestAssured.requestSpecification = dev.dragoman.local.testing.Auth.spec();
    }

    private static final long SEED = 20261129L;
    private static final int TRIES = 600;

    @TestHTTPResource("/")
    URI base;

    private final Set<String> accepted = ConcurrentHashMap.newKeySet();

    private static String unique(String text) {
        return text + " Reference " + UUID.randomUUID() + ".";
    }

    private List<String> run(List<Request> requests) {
        return HostileRequests.violations(base, requests, (request, answer) -> {
            if (request.method().equals("POST") && answer.status() / 100 == 2
                    && request.target().startsWith("/api/v1/articles")) {
                JsonPath body = JsonPath.from(answer.body());
                if (body.get("id") != null && request.target().equals("/api/v1/articles")) {
                    accepted.add(body.getString("id"));
                }
                List<String> lines = request.target().startsWith("/api/v1/articles/batch") ? body.getList("items.id")
                        : null;
                if (lines != null) {
                    lines.stream().filter(java.util.Objects::nonNull).forEach(accepted::add);
                }
            }
        });
    }

    /** Every accepted article can be read back, and nothing stored holds a NUL or another C0 control. */
    private void assertNothingAcceptedLost() {
        assertEquals(List.of(), HostileRequests.notRetrievable(base, accepted.stream()
                .map(id -> "/api/v1/articles/" + id).toList(),
                answer -> answer.body().matches("(?si).*\\\\u00(0[0-8bcef]|1[0-9a-f]).*")
                        ? "a control character was stored: " + answer.body() : null),
                "articles accepted and not retrievable as they should be");
    }

    @Test
    void nulBytes() {
        String text = unique("Sergei\u0000 Lavrov met\u0001 Hakan Fidan\u001b in Ankara.\uD800");
        assertEquals(List.of(), run(List.of(
                Request.of("POST", "/api/v1/articles", "text/plain", text),
                Request.of("POST", "/api/v1/articles", "application/json", "{\"title\":\"T\\u0000\",\"body\":\""
                        + HostileRequests.jsonEscape(unique("Body\u0000 with NUL \uDC00")) + "\",\"source\":\"s\\u0000\"}"),
                Request.of("POST", "/api/v1/articles", "text/html", "<p>" + unique("Html\u0000 page") + "</p>"),
                Request.of("POST", "/api/v1/articles/batch", "application/x-ndjson", "{\"body\":\""
                        + HostileRequests.jsonEscape(unique("Line\u0000 one")) + "\"}\n{\"body\":\"\\u0000\"}\n"),
                Request.of("POST", "/api/v1/articles", "text/plain", "\u0000\u0000\u0000"),
                Request.of("POST", "/api/v1/articles/reannotate?entity=%00", null, ""),
                Request.of("GET", "/api/v1/articles/%00", null, null))));
        assertFalse(accepted.isEmpty());
        assertNothingAcceptedLost();
    }

    @Test
    void longEntityNames() {
        assertEquals(List.of(), run(List.of(
                Request.of("POST", "/api/v1/articles/reannotate?entity=person:" + "x".repeat(3_000), null, ""),
                Request.of("POST", "/api/v1/articles", "text/plain", unique("President " + "Verylongname".repeat(500)
                        + " spoke.")))));
        assertNothingAcceptedLost();
    }

    @Test
    void oneLongWord() {
        assertEquals(List.of(), run(List.of(
                Request.of("POST", "/api/v1/articles", "text/plain", unique("w".repeat(400_000))))));
        assertNothingAcceptedLost();
    }

    @Test
    void longUrls() {
        assertEquals(List.of(), run(HostileRequests.httpLimitCases("/api/v1/articles/counts")));
    }

    @Test
    void generatedRequestsNeverFailAndAlwaysAnswerProblems() {
        String known = JsonPath.from(HostileRequests.send(base, Request.of("POST", "/api/v1/articles", "text/plain",
                unique("Diplomats met in Istanbul."))).body()).getString("id");
        Map<String, List<String>> bodies = Map.of(
                "submitHtml", List.of(unique("Diplomats met in Istanbul on Thursday."),
                        "{\"title\":\"Talks\",\"body\":\"" + unique("Sergei Lavrov met Hakan Fidan.")
                                + "\",\"publishedAt\":\"2025-05-24\",\"source\":\"wire\",\"url\":\"https://e.org/1\"}",
                        "<html><head><title>Air</title></head><body><p>" + unique("Russia proposed air links.")
                                + "</p></body></html>"),
                "submitBatch", List.of("{\"body\":\"" + unique("One") + "\"}\n{\"html\":\"<p>" + unique("Two")
                        + "</p>\",\"publishedAt\":\"2025-02-27\"}\n"));
        Map<String, List<String>> pathValues = Map.of("id", List.of(known));
        List<Request> requests = HostileRequests.draw(HostileRequests.requests(HostileRequests.operations(
                "ingest-service"), bodies, pathValues), SEED, TRIES);
        assertEquals(List.of(), run(requests), "seed " + SEED);
        assertNothingAcceptedLost();
    }
}
