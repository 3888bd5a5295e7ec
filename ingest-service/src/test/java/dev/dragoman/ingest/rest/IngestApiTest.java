package dev.dragoman.ingest.rest;

import dev.dragoman.ingest.Seeds;
import dev.dragoman.local.testing.StackTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The ingest API against a real PostgreSQL. nlp-service and query-service are unreachable in this test profile, so
 * accepted articles stay in the pipeline and show their attempts and last error. Every test submits unique content.
 */
@QuarkusTest
@WithTestResource(value = StackTestResource.class, initArgs = @ResourceArg(name = "database", value = "ingest_test"))
class IngestApiTest {

    /** A real token of the run's Keycloak on every request (Auth: an admin's, or ingest-service's where only it may). */
    @org.junit.jupiter.api.BeforeEach
    void authenticate() {
        io.restassured.RestAssured.requestSpecification = dev.dragoman.local.testing.Auth.spec();
    }

    private static String unique(String text) {
        return text + "\n\nReference " + UUID.randomUUID() + ".";
    }

    @Test
    void plainTextIsStoredCleanedAndDeduplicated() {
        String seed = Seeds.read("003") + "\n\nTest run " + UUID.randomUUID();
        String id = given().contentType("text/plain; charset=UTF-8").header("X-Source", "kyivindependent")
                .header("X-Url", "https://example.org/lavrov").body(seed)
                .when().post("/api/v1/articles")
                .then().statusCode(202).header("Location", containsString("/api/v1/articles/"))
                .body("status", equalTo("RECEIVED")).body("duplicate", equalTo(false))
                .extract().path("id");
        given().contentType(ContentType.TEXT).body(seed).when().post("/api/v1/articles")
                .then().statusCode(200).body("id", equalTo(id)).body("duplicate", equalTo(true));
        given().when().get("/api/v1/articles/" + id).then().statusCode(200)
                .body("source", equalTo("kyivindependent"))
                .body("url", equalTo("https://example.org/lavrov"))
                .body("body", startsWith("U.S. and Russian officials will meet"))
                .body("body", not(containsString("indicates required")))
                .body("history.type", hasItem("RECEIVED"));
    }

    @Test
    void seedDateLineBecomesThePublicationDate() {
        String seed = Seeds.read("000").replace("frozen", "frozen " + UUID.randomUUID());
        String id = given().contentType(ContentType.TEXT).body(seed).when().post("/api/v1/articles")
                .then().statusCode(202).extract().path("id");
        given().when().get("/api/v1/articles/" + id).then().statusCode(200)
                .body("publishedAt", startsWith("2025-02-26"))
                .body("dateline", equalTo("Doha [Qatar] February 26 (ANI)"));
    }

    @Test
    void jsonAndHtmlAreAccepted() {
        given().contentType(ContentType.JSON)
                .body("{\"title\":\"Talks\",\"body\":\"" + unique("Diplomats met in Istanbul.").replace("\n", "\\n")
                        + "\",\"publishedAt\":\"2025-02-27T10:00:00Z\",\"source\":\"wire\",\"url\":\"https://e.org/1\"}")
                .when().post("/api/v1/articles")
                .then().statusCode(202).body("id", notNullValue());
        String id = given().contentType("text/html; charset=UTF-8")
                .body("<html><head><title>Air links</title></head><body><p>" + unique("Russia proposed air links.")
                        + "</p></body></html>")
                .when().post("/api/v1/articles").then().statusCode(202).extract().path("id");
        given().when().get("/api/v1/articles/" + id).then().statusCode(200)
                .body("title", equalTo("Air links")).body("body", startsWith("Russia proposed air links."));
    }

    @Test
    void batchAnswersPerLineAndKeepsTheGoodLines() {
        String good = "{\"title\":\"A\",\"body\":\"" + UUID.randomUUID() + " talks in Istanbul.\"}";
        String ndjson = good + "\n"
                + "{\"title\":\"broken\"\n"
                + "{\"title\":\"no body\"}\n"
                + "\n"
                + "{\"body\":\"" + UUID.randomUUID() + " more talks.\",\"publishedAt\":\"yesterday\"}\n"
                + good + "\n";
        var result = given().contentType("application/x-ndjson").body(ndjson.getBytes(StandardCharsets.UTF_8)).when().post("/api/v1/articles/batch")
                .then().statusCode(200)
                .body("accepted", equalTo(1)).body("duplicates", equalTo(1)).body("rejected", equalTo(3))
                .body("items[0].line", equalTo(1)).body("items[0].status", equalTo("RECEIVED"))
                .body("items[1].error.title", equalTo("Invalid JSON"))
                .body("items[2].error.title", equalTo("Empty article"))
                .body("items[3].line", equalTo(5)).body("items[3].error.title", equalTo("Invalid date"))
                .body("items[4].duplicate", equalTo(true))
                .extract().jsonPath();
        assertEquals(result.getString("items[0].id"), result.getString("items[4].id"));
    }

    @Test
    void unreachableServicesLeaveArticlesWaitingWithTheirError() throws InterruptedException {
        String id = given().contentType(ContentType.TEXT).body(unique("Peskov spoke to reporters."))
                .when().post("/api/v1/articles").then().statusCode(202).extract().path("id");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int attempts = 0;
        while (attempts < 2 && System.nanoTime() < deadline) {
            Thread.sleep(200);
            attempts = given().when().get("/api/v1/articles/" + id).then().extract().path("retries");
        }
        given().when().get("/api/v1/articles/" + id).then().statusCode(200)
                .body("status", equalTo("RECEIVED"))
                .body("retries", greaterThanOrEqualTo(2))
                .body("attempts", equalTo(0)) // an unreachable service does not count towards FAILED
                .body("lastError", notNullValue())
                .body("nextAttemptAt", notNullValue())
                .body("history.type", hasItem("RETRY"));
        given().when().get("/api/v1/articles/counts").then().statusCode(200)
                .body("byStatus.RECEIVED", greaterThanOrEqualTo(1));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            empty text body      | text/plain       | ''                                  | 400 | empty
            blank text body      | text/plain       | '   '                               | 400 | empty
            only web debris      | text/plain       | Subscribe                           | 400 | debris
            unparsable date line | text/plain       | ' date 2025-02-30 Lavrov spoke.'    | 400 | 2025-02-30
            empty JSON body      | application/json | ''                                  | 400 | empty
            invalid JSON         | application/json | '{"body": "unterminated'            | 400 | JSON
            JSON without body    | application/json | '{"title":"t"}'                     | 400 | body
            JSON bad date        | application/json | '{"body":"b","publishedAt":"26 Feb"}' | 400 | publishedAt
            JSON wrong type      | application/json | '{"body":["a"]}'                    | 400 | JSON
            unsupported type     | application/pdf  | '%PDF-1.4'                          | 415 | Content-Type
            empty batch          | application/x-ndjson | ''                              | 400 | empty
            """)
    void badInputIsAProblem(String name, String contentType, String body, int status, String detail) {
        String path = contentType.contains("ndjson") ? "/api/v1/articles/batch" : "/api/v1/articles";
        given().contentType(contentType).body(body.getBytes(StandardCharsets.UTF_8)).when().post(path)
                .then().statusCode(status)
                .contentType("application/problem+json")
                .body("status", equalTo(status))
                .body("title", notNullValue())
                .body("detail", containsString(detail));
    }

    @Test
    void tooLargeArticleIs413() {
        given().contentType(ContentType.TEXT).body("x".repeat(70_000)).when().post("/api/v1/articles")
                .then().statusCode(413).contentType("application/problem+json")
                .body("detail", containsString("limit"));
    }

    /** Marks an article tagged and indexed with one entity, as the pipeline would have (retried if a worker holds it). */
    private static void indexedWith(String id, String entityId) {
        for (int attempt = 0; ; attempt++) {
            try {
                io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().run(() -> {
                    dev.dragoman.ingest.repository.Article article = dev.dragoman.ingest.repository.Article
                            .findById(UUID.fromString(id));
                    article.annotation = new dev.dragoman.common.api.Annotation("test", "en", List.of(
                            new dev.dragoman.common.api.EntityMention(0, 6, "Sobko", dev.dragoman.common.api.EntityType.PERSON,
                                    entityId, "Yevgeny Sobko")), List.of(), List.of(), List.of());
                    article.status = dev.dragoman.ingest.repository.ArticleStatus.INDEXED;
                    article.leaseUntil = null;
                    article.nextAttemptAt = java.time.Instant.now();
                });
                return;
            } catch (RuntimeException busy) {
                if (attempt == 20) {
                    throw busy;
                }
            }
        }
    }

    @Test
    void articlesMentioningAnEntityAreTaggedAndIndexedAgainOnRequest() {
        String entity = "person:sobko-" + UUID.randomUUID().toString().substring(0, 8);
        String mentioning = given().contentType(ContentType.TEXT).body(unique("Sobko spoke in Odesa."))
                .when().post("/api/v1/articles").then().statusCode(202).extract().path("id");
        String other = given().contentType(ContentType.TEXT).body(unique("Nobody spoke in Odesa."))
                .when().post("/api/v1/articles").then().statusCode(202).extract().path("id");
        indexedWith(mentioning, entity);
        indexedWith(other, "person:somebody-else");

        given().queryParam("entity", entity).when().post("/api/v1/articles/reannotate").then().statusCode(200)
                .body("entity", equalTo(entity)).body("articles", equalTo(1)).body("inFlight", equalTo(0));
        given().when().get("/api/v1/articles/" + mentioning).then().statusCode(200)
                .body("status", equalTo("RECEIVED")).body("history.type", hasItem("REANNOTATE"));
        given().when().get("/api/v1/articles/" + other).then().statusCode(200).body("status", equalTo("INDEXED"));

        given().when().post("/api/v1/articles/reannotate").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("entity"));
    }

    @Test
    void unknownArticlesAre404() {
        given().when().get("/api/v1/articles/" + UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json");
        given().when().get("/api/v1/articles/not-a-uuid").then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString("UUID"));
    }

    /** The served OpenAPI document is the contract committed in docs/api/ingest-service.openapi.json. */
    @Test
    void servesTheCommittedOpenApiContract() {
        dev.dragoman.local.testing.OpenApiContract.assertMatchesCommitted("ingest-service",
                given().when().get("/q/openapi?format=json").asString());
    }

    @Test
    void healthChecksTheDatabase() {
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.name", hasItem(containsString("Database")));
    }
}
