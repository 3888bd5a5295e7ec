package dev.dragoman.query;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** With Elasticsearch out of reach the service starts, reports not ready, and answers 503 problems. */
@QuarkusTest
@TestProfile(ElasticsearchDownTest.Unreachable.class)
@io.quarkus.test.common.WithTestResource(dev.dragoman.local.testing.StackTestResource.class)
class ElasticsearchDownTest {

    /** A real token of the run's Keycloak on every request (Auth: an admin's, or ingest-service's where only it may). */
    @org.junit.jupiter.api.BeforeEach
    void authenticate() {
        io.restassured.RestAssured.requestSpecification = dev.dragoman.local.testing.Auth.spec();
    }

    public static class Unreachable implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // port 1 on loopback: connection refused at once
            return Map.of("quarkus.elasticsearch.hosts", "127.0.0.1:1");
        }
    }

    @Test
    void searchAndIndexingAnswer503() {
        given().when().get("/api/v1/search?q=Istanbul").then().statusCode(503)
                .contentType("application/problem+json").header("Retry-After", "5")
                .body("title", equalTo("Search backend unavailable"));
        given().contentType("application/json")
                .body("{\"id\":\"a\",\"body\":\"b\",\"annotation\":{\"model\":\"m\"}}")
                .when().put("/internal/v1/articles/a").then().statusCode(503).contentType("application/problem+json");
        given().when().get("/q/health/ready").then().statusCode(503).body(containsString("DOWN"));
    }

    /** The service's own indices (saved searches) and the analytics answer the same way. */
    @Test
    void savedSearchesAndAnalyticsAnswer503() {
        for (String path : new String[] {"/api/v1/saved-searches", "/api/v1/saved-searches/s1", "/api/v1/entities",
                "/api/v1/stories", "/api/v1/quotes?speaker=x"}) {
            given().when().get(path).then().statusCode(503).contentType("application/problem+json")
                    .header("Retry-After", "5").body("title", equalTo("Search backend unavailable"));
        }
    }
}
