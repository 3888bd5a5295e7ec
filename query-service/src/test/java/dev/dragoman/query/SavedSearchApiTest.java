package dev.dragoman.query;

import com.sun.net.httpserver.HttpServer;
import dev.dragoman.local.testing.StackTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.dragoman.query.QueryApiTest.article;
import static dev.dragoman.query.QueryApiTest.index;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Saved searches and webhook alerts, against a real Elasticsearch node and a real HTTP webhook. */
@QuarkusTest
@WithTestResource(value = StackTestResource.class, initArgs = @ResourceArg(name = "elasticsearch", value = "true"))
class SavedSearchApiTest {

    @Test
    void newMatchesAreDeliveredToTheWebhookAndRetriedUntilAccepted() throws Exception {
        List<String> deliveries = new CopyOnWriteArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        HttpServer webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            // the first delivery is refused: the alert must come again
            int status = calls.incrementAndGet() == 1 ? 503 : 200;
            if (status == 200) {
                deliveries.add(body);
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        webhook.start();
        try {
            String word = "zq" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
            String id = given().contentType(ContentType.JSON).body(Map.of("name", "watch " + word,
                            "query", Map.of("q", word),
                            "webhook", "http://127.0.0.1:" + webhook.getAddress().getPort() + "/hook"))
                    .when().post("/api/v1/saved-searches")
                    .then().statusCode(201).header("Location", containsString("/api/v1/saved-searches/"))
                    .body("name", equalTo("watch " + word)).extract().path("id");
            Instant before = Instant.now();
            String articleId = UUID.randomUUID().toString();
            index(article(articleId, "alerts", "Alert " + word, "A new article about " + word, "2025-03-01T00:00:00Z",
                    List.of()));
            index(article(UUID.randomUUID().toString(), "alerts", "Unrelated", "Nothing to see", "2025-03-01T00:00:00Z",
                    List.of()));

            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (deliveries.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertTrue(calls.get() >= 2, "the refused delivery was retried: " + calls.get() + " calls");
            assertTrue(deliveries.size() >= 1 && deliveries.get(0).contains(articleId), deliveries.toString());
            assertTrue(deliveries.stream().noneMatch(d -> d.contains("Unrelated")), deliveries.toString());

            given().queryParam("since", before.minusSeconds(60).toString())
                    .when().get("/api/v1/saved-searches/" + id + "/matches")
                    .then().statusCode(200).body("total", equalTo(1)).body("items[0].id", equalTo(articleId));
            given().when().get("/api/v1/saved-searches/" + id).then().statusCode(200)
                    .body("lastDeliveryAt", org.hamcrest.Matchers.notNullValue());
            given().when().get("/api/v1/saved-searches").then().statusCode(200).body("id", hasItem(id));
            given().when().delete("/api/v1/saved-searches/" + id).then().statusCode(204);
            given().when().get("/api/v1/saved-searches/" + id).then().statusCode(404)
                    .contentType("application/problem+json");
        } finally {
            webhook.stop(0);
        }
    }

    @Test
    void badSavedSearchesAreProblems() {
        given().contentType(ContentType.JSON).body(Map.of("query", Map.of("q", "x")))
                .when().post("/api/v1/saved-searches").then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("name"));
        given().contentType(ContentType.JSON).body(Map.of("name", "n"))
                .when().post("/api/v1/saved-searches").then().statusCode(400).body("detail", containsString("query"));
        given().contentType(ContentType.JSON).body(Map.of("name", "n", "query", Map.of("from", "yesterday")))
                .when().post("/api/v1/saved-searches").then().statusCode(400).body("detail", containsString("from"));
        given().contentType(ContentType.JSON).body(Map.of("name", "n", "query", Map.of("q", "x"), "webhook", "ftp://x"))
                .when().post("/api/v1/saved-searches").then().statusCode(400).body("detail", containsString("webhook"));
        given().when().get("/api/v1/saved-searches/" + UUID.randomUUID() + "/matches").then().statusCode(404);
        given().when().delete("/api/v1/saved-searches/" + UUID.randomUUID()).then().statusCode(404);
    }
}
