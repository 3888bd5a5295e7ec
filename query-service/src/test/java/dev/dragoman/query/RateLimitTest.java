package dev.dragoman.query;

import dev.dragoman.local.testing.StackTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Per-client limits on search and export (issue 10): past its limit a client gets 429 problems with Retry-After,
 * while reads that are not limited (an article by id, health) go on; search and export count separately. Real
 * Elasticsearch; limits made small by this test's profile.
 */
@QuarkusTest
@TestProfile(RateLimitTest.SmallLimits.class)
@WithTestResource(value = StackTestResource.class, initArgs = @ResourceArg(name = "elasticsearch", value = "true"))
class RateLimitTest {

    /** A real token of the run's Keycloak on every request (Auth: an admin's, or ingest-service's where only it may). */
    @org.junit.jupiter.api.BeforeEach
    void authenticate() {
        io.restassured.RestAssured.requestSpecification = dev.dragoman.local.testing.Auth.spec();
    }

    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("dragoman.query.rate-limits.search.requests", "3",
                    "dragoman.query.rate-limits.search.period", "1h",
                    "dragoman.query.rate-limits.export.requests", "1",
                    "dragoman.query.rate-limits.export.period", "1h",
                    "dragoman.query.index-prefix", "test-rate");
        }
    }

    @Test
    void aClientPastItsLimitGets429WithRetryAfterAndOtherReadsGoOn() {
        for (int i = 0; i < 3; i++) {
            given().queryParam("q", "Istanbul").when().get("/api/v1/search").then().statusCode(200);
        }
        String retryAfter = given().queryParam("q", "Istanbul").when().get("/api/v1/search").then().statusCode(429)
                .contentType(containsString("application/problem+json"))
                .body("title", equalTo("Too many requests")).body("status", equalTo(429))
                .extract().header("Retry-After");
        long seconds = Long.parseLong(retryAfter);
        assertTrue(seconds > 0 && seconds <= 3600, retryAfter);
        // the other searching endpoints share the search limit
        given().when().get("/api/v1/entities").then().statusCode(429);
        given().when().get("/api/v1/quotes").then().statusCode(429);
        // export counts on its own
        given().when().get("/api/v1/export").then().statusCode(200);
        given().when().get("/api/v1/export").then().statusCode(429).header("Retry-After", org.hamcrest.Matchers.notNullValue());
        // reads that are not limited are answered
        given().when().get("/api/v1/articles/none-such").then().statusCode(404);
        given().when().get("/q/health/ready").then().statusCode(200);
    }
}
