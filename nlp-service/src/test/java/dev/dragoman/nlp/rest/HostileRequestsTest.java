package dev.dragoman.nlp.rest;

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
 * Property-based: generated hostile requests at every operation of nlp-service's contract (docs/api) answer no 5xx,
 * every 4xx is a problem, and every entity created stays retrievable. The named cases come first (NUL bytes, long
 * entity names, one long word, long URLs), then 500 requests drawn with a fixed seed (see {@link HostileRequests}).
 */
@QuarkusTest
@WithTestResource(value = StackTestResource.class, initArgs = @ResourceArg(name = "database", value = "nlp_test"))
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

    private final Set<String> created = ConcurrentHashMap.newKeySet();

    private List<String> run(List<Request> requests) {
        return HostileRequests.violations(base, requests, (request, answer) -> {
            if (request.method().equals("POST") && answer.status() == 201) {
                String id = JsonPath.from(answer.body()).getString("id");
                if (id != null) {
                    created.add(id);
                }
            }
        });
    }

    private void assertNothingAcceptedLost() {
        assertEquals(List.of(), HostileRequests.notRetrievable(base, created.stream()
                .map(id -> "/api/v1/entities/" + HostileRequests.encode(id)).toList(), answer -> null),
                "entities created and not retrievable");
    }

    private static String annotate(String text) {
        return "{\"text\":\"" + HostileRequests.jsonEscape(text) + "\",\"publishedAt\":\"2025-02-26\"}";
    }

    @Test
    void nulBytes() {
        String name = "Zq" + UUID.randomUUID().toString().substring(0, 6);
        assertEquals(List.of(), run(List.of(
                Request.of("POST", "/api/v1/annotate", "application/json",
                        annotate("Ilya Host\u0000ilov met " + name + "\u0000 Fuzzova in Tallinn.\uD800 " + name
                                + "\u0000 spoke.")),
                Request.of("POST", "/api/v1/entities", "application/json",
                        "{\"type\":\"PERSON\",\"name\":\"" + name + "\\u0000 Nul\",\"aliases\":[\"\\u0000x\"]}"),
                Request.of("GET", "/api/v1/entities?q=%00", null, null),
                Request.of("GET", "/api/v1/entities/person:%00", null, null),
                Request.of("POST", "/api/v1/entities/person:%00/merge", "application/json", "{\"into\":\"\\u0000\"}"),
                Request.of("DELETE", "/api/v1/entities/person:x/aliases/%00", null, null))));
        assertNothingAcceptedLost();
    }

    @Test
    void longEntityNames() {
        String longName = "Verylongname".repeat(400);
        assertEquals(List.of(), run(List.of(
                // a capitalised 4,800-character "name" the tagger takes for an entity: never learnt, never a 500
                Request.of("POST", "/api/v1/annotate", "application/json",
                        annotate("President " + longName + " met Ilya Hostilov in Tallinn. " + longName + " said.")),
                Request.of("POST", "/api/v1/annotate", "application/json",
                        annotate(String.join(" ", java.util.Collections.nCopies(600, "Hostilov")) + " spoke.")),
                Request.of("POST", "/api/v1/entities", "application/json",
                        "{\"type\":\"PERSON\",\"name\":\"" + longName + "\"}"),
                Request.of("DELETE", "/api/v1/entities/person:x/aliases/" + "a".repeat(3_000), null, null),
                Request.of("GET", "/api/v1/entities/person:" + "x".repeat(3_000), null, null))));
        assertNothingAcceptedLost();
    }

    @Test
    void oneLongWord() {
        assertEquals(List.of(), run(List.of(
                Request.of("POST", "/api/v1/annotate", "application/json", annotate("W" + "w".repeat(399_999))),
                Request.of("POST", "/api/v1/annotate", "application/json",
                        annotate("Hostilov met " + "Ab".repeat(200_000) + " in Tallinn.")))));
    }

    @Test
    void longUrls() {
        assertEquals(List.of(), run(HostileRequests.httpLimitCases("/api/v1/entities")));
    }

    @Test
    void generatedRequestsNeverFailAndAlwaysAnswerProblems() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String known = JsonPath.from(HostileRequests.send(base, Request.of("POST", "/api/v1/entities",
                "application/json", "{\"type\":\"PERSON\",\"name\":\"Hostile Tester " + suffix + "\"}")).body())
                .getString("id");
        Map<String, List<String>> bodies = Map.of(
                "annotate", List.of(annotate("Ilya Hostilov met Petra Fuzzova in Tallinn on Monday.")),
                "createEntity", List.of("{\"type\":\"ORGANIZATION\",\"name\":\"Hostile Org " + suffix
                        + "\",\"aliases\":[\"HO " + suffix + "\"]}"),
                "addAlias", List.of("{\"alias\":\"Tester " + suffix + "\"}"),
                "mergeEntity", List.of("{\"into\":\"" + known + "\"}"),
                "splitEntity", List.of("{\"name\":\"Other " + suffix + "\",\"aliases\":[\"Tester " + suffix + "\"]}"));
        Map<String, List<String>> pathValues = Map.of("id", List.of(known), "alias", List.of("Tester " + suffix));
        List<Request> requests = HostileRequests.draw(HostileRequests.requests(HostileRequests.operations(
                "nlp-service"), bodies, pathValues), SEED, TRIES);
        assertEquals(List.of(), run(requests), "seed " + SEED);
        assertNothingAcceptedLost();
    }
}
