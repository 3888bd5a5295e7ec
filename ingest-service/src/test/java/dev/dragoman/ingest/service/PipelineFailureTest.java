package dev.dragoman.ingest.service;

import dev.dragoman.local.testing.StackTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * An article the tagger always fails on ends FAILED with its reason after max-attempts, while the articles around it
 * flow past; a retry through the API brings it back. The downstream services are loopback stand-ins that fail on
 * purpose ({@link FakeDownstream}).
 */
@QuarkusTest
@TestProfile(PipelineFailureTest.Profile.class)
@WithTestResource(value = StackTestResource.class, initArgs = @ResourceArg(name = "database", value = "ingest_failure_test"))
@WithTestResource(FakeDownstream.class)
class PipelineFailureTest {

    /** A real token of the run's Keycloak on every request (Auth: an admin's, or ingest-service's where only it may). */
    @org.junit.jupiter.api.BeforeEach
    void authenticate() {
        io.restassured.RestAssured.requestSpecification = dev.dragoman.local.testing.Auth.spec();
    }

    public static class Profile implements QuarkusTestProfile {
        @Override
        public java.util.Map<String, String> getConfigOverrides() {
            return java.util.Map.of("dragoman.ingest.pipeline.backlog-threshold", "5");
        }
    }

    @jakarta.inject.Inject
    PipelineMetrics metrics;

    @jakarta.inject.Inject
    Backlog backlog;

    /** The backlog parameter of the first bulk that carried this article. */
    private static String backlogOfBulkWith(String id) {
        return FakeDownstream.BULKS.stream().filter(b -> b.ids().contains(id)).findFirst()
                .map(FakeDownstream.BulkCall::backlog).orElseThrow(() -> new AssertionError("no bulk carried " + id));
    }

    private static void awaitIndexed(String id) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                given().when().get("/api/v1/articles/" + id).then().body("status", equalTo("INDEXED")));
    }

    /**
     * Bulks tell query-service whether the pipeline works through a backlog: more articles waiting, by the shared
     * count, than backlog-threshold (5 here). Eight articles held at tagging make one; once they are indexed, the
     * next article's bulk says there is none.
     */
    @Test
    void bulksSayWhetherThePipelineWorksThroughABacklog() {
        FakeDownstream.slowGate = new java.util.concurrent.CountDownLatch(1);
        List<String> held = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                held.add(submit("A SLOW article, number " + i + "."));
            }
            metrics.refresh();
            org.junit.jupiter.api.Assertions.assertTrue(backlog.heavy(), "8 articles waiting, threshold 5");
        } finally {
            FakeDownstream.slowGate.countDown();
        }
        held.forEach(PipelineFailureTest::awaitIndexed);
        // none of them can be indexed before the first bulk that carries one: that bulk saw the backlog
        String first = FakeDownstream.BULKS.stream().filter(b -> b.ids().stream().anyMatch(held::contains))
                .findFirst().orElseThrow().backlog();
        assertEquals("true", first);

        metrics.refresh();
        org.junit.jupiter.api.Assertions.assertFalse(backlog.heavy(), "the backlog is indexed");
        String after = submit("One article after the backlog.");
        awaitIndexed(after);
        assertEquals("false", backlogOfBulkWith(after));
    }

    private static String submit(String text) {
        return given().contentType(ContentType.TEXT).body(text + " " + UUID.randomUUID())
                .when().post("/api/v1/articles").then().statusCode(202).extract().path("id");
    }

    @Test
    void anArticleThatAlwaysFailsEndsFailedWhileOthersFlowPast() {
        List<String> good = new ArrayList<>();
        good.add(submit("The council met on Monday."));
        String poison = submit("This text is POISON for the tagger.");
        good.add(submit("The council met again on Tuesday."));

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                given().when().get("/api/v1/articles/" + poison).then().body("status", equalTo("FAILED")));
        for (String id : good) {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                    given().when().get("/api/v1/articles/" + id).then().body("status", equalTo("INDEXED")));
        }
        given().when().get("/api/v1/articles/" + poison).then().statusCode(200)
                .body("attempts", equalTo(3))
                .body("lastError", containsString("500"))
                .body("history.type", hasItem("FAILED"));
        // one history row for the retries of the step, not one per try
        List<String> history = given().when().get("/api/v1/articles/" + poison).then().extract().jsonPath()
                .getList("history.type");
        assertEquals(1, history.stream().filter("RETRY"::equals).count(), history.toString());
        given().queryParam("status", "FAILED").when().get("/api/v1/articles").then().statusCode(200)
                .body("items.id", hasItem(poison));

        int callsWhenFailed = FakeDownstream.POISON_CALLS.get();
        given().when().post("/api/v1/articles/" + poison + "/retry").then().statusCode(200)
                .body("status", equalTo("RECEIVED")).body("attempts", equalTo(0));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                given().when().get("/api/v1/articles/" + poison).then().body("status", equalTo("FAILED")));
        assertEquals(callsWhenFailed + 3, FakeDownstream.POISON_CALLS.get(), "tried max-attempts times again");

        // and in bulk
        given().queryParam("status", "FAILED").when().post("/api/v1/articles/retry").then().statusCode(200)
                .body("requeued", equalTo(1));
    }

    @Test
    void aBatchGetsAnIdAndLiveProgress() {
        String ndjson = "{\"body\":\"First line of the batch " + UUID.randomUUID() + "\"}\n\n"
                + "not json\n"
                + "{\"body\":\"Second line of the batch " + UUID.randomUUID() + "\"}\n";
        var answer = given().contentType("application/x-ndjson").body(ndjson.getBytes(java.nio.charset.StandardCharsets.UTF_8)).when().post("/api/v1/articles/batch")
                .then().statusCode(200)
                .body("accepted", equalTo(2)).body("rejected", equalTo(1)).body("duplicates", equalTo(0))
                .body("items[1].line", equalTo(3)).body("items[1].error.status", equalTo(400))
                .extract().jsonPath();
        String batch = answer.getString("batchId");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                given().when().get("/api/v1/batches/" + batch).then().statusCode(200)
                        .body("accepted", equalTo(2)).body("indexed", equalTo(2)).body("done", equalTo(true)));
        given().when().get("/api/v1/batches/" + UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json");
    }
}
