package dev.dragoman.query;

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

/**
 * Property-based: generated hostile requests at every operation of query-service's contract (docs/api) answer no
 * 5xx, every 4xx is a problem, and every article accepted for indexing stays retrievable. The named cases come
 * first, then 500 requests drawn with a fixed seed (see {@link HostileRequests}).
 */
@QuarkusTest
@WithTestResource(value = StackTestResource.class, initArgs = @ResourceArg(name = "elasticsearch", value = "true"))
class HostileRequestsTest {

    /** A real token of the run's Keycloak on every request (Auth: an admin's, or ingest-service's where only it may). */
    @org.junit.jupiter.api.BeforeEach
    void authenticate() {
        io.restassured.RestAssured.requestSpecification = dev.dragoman.local.testing.Auth.spec();
    }

    private static final long SEED = 20261129L;
    private static final int TRIES = 500;

    @TestHTTPResource("/")
    URI base;

    private final Set<String> accepted = ConcurrentHashMap.newKeySet();

    /** An article of its own entity and year, so that the other tests' stories, facets and counts never see it. */
    private static String validArticle(String id) {
        return "{\"id\":\"" + id + "\",\"title\":\"Hostile input\",\"body\":\"Fuzzing met Hostilia.\","
                + "\"publishedAt\":\"2001-01-01T09:00:00Z\",\"source\":\"hostile\",\"url\":\"https://example.org/a\","
                + "\"annotation\":{\"model\":\"test\",\"language\":\"en\",\"entities\":[{\"start\":12,\"end\":20,"
                + "\"text\":\"Hostilia\",\"type\":\"LOCATION\",\"entityId\":\"place:hostilia\",\"canonicalName\":"
                + "\"Hostilia\"}],\"dates\":[]}}";
    }

    private List<String> run(List<Request> requests) {
        return HostileRequests.violations(base, requests, (request, answer) -> {
            boolean indexing = request.method().equals("PUT") || request.target().startsWith("/internal/v1/articles/bulk");
            if (indexing && answer.status() / 100 == 2) {
                JsonPath body = JsonPath.from(answer.body());
                Object id = body.get("id");
                if (id != null) {
                    accepted.add(id.toString());
                }
                List<Object> items = body.getList("items.findAll { it.status < 300 }.id");
                if (items != null) {
                    items.forEach(i -> accepted.add(String.valueOf(i)));
                }
            }
        });
    }

    private void assertNothingAcceptedLost() {
        assertEquals(List.of(), HostileRequests.notRetrievable(base, accepted.stream()
                .map(id -> "/api/v1/articles/" + HostileRequests.encode(id)).toList(), answer -> null),
                "articles accepted for indexing and not retrievable");
    }

    @Test
    void nulBytes() {
        String id = UUID.randomUUID().toString();
        assertEquals(List.of(), run(List.of(
                Request.of("PUT", "/internal/v1/articles/" + id, "application/json",
                        validArticle(id).replace("Fuzzing", "Fuz\\u0000zing\u0000")),
                Request.of("GET", "/api/v1/search?q=" + HostileRequests.encode("a\u0000b"), null, null),
                Request.of("GET", "/api/v1/entities/" + HostileRequests.encode("person:\u0000"), null, null),
                Request.of("GET", "/api/v1/quotes?speaker=%00", null, null),
                Request.of("POST", "/api/v1/saved-searches", "application/json",
                        "{\"name\":\"n\\u0000\",\"query\":{\"q\":\"\\u0000\"}}"))));
        assertNothingAcceptedLost();
    }

    @Test
    void longEntityNames() {
        String longName = "Lavrov".repeat(2_000);
        assertEquals(List.of(), run(List.of(
                Request.of("GET", "/api/v1/search?entity=" + longName, null, null),
                Request.of("GET", "/api/v1/entities/person:" + "x".repeat(3_000), null, null),
                Request.of("GET", "/api/v1/entities?q=" + "x".repeat(3_000), null, null),
                Request.of("GET", "/api/v1/events?entity=" + "y".repeat(3_000), null, null))));
    }

    @Test
    void oneLongWord() {
        String id = UUID.randomUUID().toString();
        String word = "w".repeat(400_000);
        assertEquals(List.of(), run(List.of(
                Request.of("PUT", "/internal/v1/articles/" + id, "application/json",
                        validArticle(id).replace("Fuzzing met Hostilia.", word)),
                Request.of("GET", "/api/v1/search?q=" + "w".repeat(3_000), null, null))));
        assertNothingAcceptedLost();
    }

    @Test
    void longUrls() {
        assertEquals(List.of(), run(HostileRequests.httpLimitCases("/api/v1/search")));
    }

    @Test
    void generatedRequestsNeverFailAndAlwaysAnswerProblems() {
        String known = UUID.randomUUID().toString();
        run(List.of(Request.of("PUT", "/internal/v1/articles/" + known, "application/json", validArticle(known))));
        Map<String, List<String>> bodies = Map.of(
                "index", List.of(validArticle(known)),
                "indexAll", List.of("[" + validArticle(UUID.randomUUID().toString()) + "]"),
                "saveSearch", List.of("{\"name\":\"hostile\",\"query\":{\"q\":\"hostilia\",\"from\":\"2001-01-01\"}}"));
        Map<String, List<String>> pathValues = Map.of("id", List.of(known, "place:hostilia"));
        List<Request> requests = HostileRequests.draw(HostileRequests.requests(HostileRequests.operations(
                "query-service"), bodies, pathValues), SEED, TRIES);
        List<String> violations = run(requests);
        assertEquals(List.of(), violations, "seed " + SEED);
        assertNothingAcceptedLost();
    }
}
