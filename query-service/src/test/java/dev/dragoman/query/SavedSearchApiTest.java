package dev.dragoman.query;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import dev.dragoman.local.testing.StackTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import static dev.dragoman.query.QueryApiTest.article;
import static dev.dragoman.query.QueryApiTest.index;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Saved searches and webhook alerts, against a real Elasticsearch node and real HTTP webhooks. Traffic goes to
 * loopback only: the receiver listens on 127.0.0.2 (allow-listed by the test profile), and a sentinel on 127.0.0.1
 * (and ::1) counts every connection anything makes to it — it must see none. Names come from {@link TestResolver}.
 */
@QuarkusTest
@WithTestResource(value = StackTestResource.class, initArgs = @ResourceArg(name = "elasticsearch", value = "true"))
class SavedSearchApiTest {

    /** A real token of the run's Keycloak on every request (Auth: an admin's, or ingest-service's where only it may). */
    @org.junit.jupiter.api.BeforeEach
    void authenticate() {
        io.restassured.RestAssured.requestSpecification = dev.dragoman.local.testing.Auth.spec();
    }

    private ServerSocket sentinel;
    private ServerSocket sentinel6;
    private final AtomicInteger sentinelConnections = new AtomicInteger();

    @BeforeEach
    void startSentinel() throws Exception {
        sentinel = listen("127.0.0.1", 0);
        try {
            sentinel6 = listen("::1", sentinel.getLocalPort());
        } catch (java.io.IOException e) {
            sentinel6 = null; // no IPv6 loopback here: [::1] is refused all the same
        }
    }

    private ServerSocket listen(String address, int port) throws java.io.IOException {
        ServerSocket socket = new ServerSocket(port, 50, InetAddress.getByName(address));
        Thread accepter = new Thread(() -> {
            while (!socket.isClosed()) {
                try (Socket ignored = socket.accept()) {
                    sentinelConnections.incrementAndGet();
                } catch (Exception e) {
                    return;
                }
            }
        });
        accepter.setDaemon(true);
        accepter.start();
        return socket;
    }

    @AfterEach
    void stopSentinel() throws Exception {
        sentinel.close();
        if (sentinel6 != null) {
            sentinel6.close();
        }
        TestResolver.NAMES.remove("rebind.webhook.test");
    }

    /** A receiver's check of a delivery, written from the Standard Webhooks specification, not from the service. */
    static final class Receiver {
        static boolean verifies(String secret, Headers headers, byte[] body) {
            try {
                String id = headers.getFirst("webhook-id");
                String timestamp = headers.getFirst("webhook-timestamp");
                String signatures = headers.getFirst("webhook-signature");
                if (secret == null || id == null || timestamp == null || signatures == null
                        || Math.abs(Instant.now().getEpochSecond() - Long.parseLong(timestamp)) > 300) {
                    return false;
                }
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())),
                        "HmacSHA256"));
                byte[] expected = mac.doFinal((id + "." + timestamp + "." + new String(body, StandardCharsets.UTF_8))
                        .getBytes(StandardCharsets.UTF_8));
                for (String signature : signatures.split(" ")) {
                    if (signature.startsWith("v1,") && MessageDigest.isEqual(expected,
                            Base64.getDecoder().decode(signature.substring(3)))) {
                        return true;
                    }
                }
                return false;
            } catch (Exception e) {
                return false;
            }
        }
    }

    private static String save(String name, String q, String webhook) {
        return given().contentType(ContentType.JSON).body(Map.of("name", name, "query", Map.of("q", q),
                        "webhook", webhook))
                .when().post("/api/v1/saved-searches")
                .then().statusCode(201).extract().path("id");
    }

    private static String word() {
        return "zq" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    private static String awaitDeliveryError(String id) throws InterruptedException {
        return await(() -> given().when().get("/api/v1/saved-searches/" + id).then().extract()
                .path("lastDeliveryError"));
    }

    private static <T> T await(Supplier<T> value) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        T found = value.get();
        while (found == null && System.nanoTime() < deadline) {
            Thread.sleep(200);
            found = value.get();
        }
        return found;
    }

    @Test
    void newMatchesAreDeliveredSignedToTheWebhookAndRetriedUntilAccepted() throws Exception {
        List<String> deliveries = new CopyOnWriteArrayList<>();
        List<String> unverified = new CopyOnWriteArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        AtomicReference<String> secret = new AtomicReference<>();
        HttpServer webhook = HttpServer.create(new InetSocketAddress("127.0.0.2", 0), 0);
        webhook.createContext("/hook", exchange -> {
            byte[] raw = exchange.getRequestBody().readAllBytes();
            if (!Receiver.verifies(secret.get(), exchange.getRequestHeaders(), raw)) {
                unverified.add(exchange.getRequestHeaders().entrySet().toString());
            }
            // the first delivery is refused: the alert must come again
            int status = calls.incrementAndGet() == 1 ? 503 : 200;
            if (status == 200) {
                deliveries.add(new String(raw, StandardCharsets.UTF_8));
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        webhook.start();
        try {
            String word = word();
            JsonPath created = given().contentType(ContentType.JSON).body(Map.of("name", "watch " + word,
                            "query", Map.of("q", word),
                            "webhook", "http://receiver.webhook.test:" + webhook.getAddress().getPort() + "/hook"))
                    .when().post("/api/v1/saved-searches")
                    .then().statusCode(201).header("Location", containsString("/api/v1/saved-searches/"))
                    .body("name", equalTo("watch " + word)).body("secret", startsWith("whsec_"))
                    .extract().jsonPath();
            String id = created.getString("id");
            secret.set(created.getString("secret"));
            // the secret is shown once
            given().when().get("/api/v1/saved-searches/" + id).then().statusCode(200).body("$", not(hasKey("secret")));
            given().when().get("/api/v1/saved-searches").then().statusCode(200).body("secret", everyItem(nullValue()));

            Instant before = Instant.now();
            String articleId = UUID.randomUUID().toString();
            index(article(articleId, "alerts", "Alert " + word, "A new article about " + word, "2025-03-01T00:00:00Z",
                    List.of()));
            index(article(UUID.randomUUID().toString(), "alerts", "Unrelated", "Nothing to see", "2025-03-01T00:00:00Z",
                    List.of()));

            await(() -> deliveries.isEmpty() ? null : deliveries);
            assertTrue(calls.get() >= 2, "the refused delivery was retried: " + calls.get() + " calls");
            assertTrue(deliveries.size() >= 1 && deliveries.get(0).contains(articleId), deliveries.toString());
            assertTrue(deliveries.stream().noneMatch(d -> d.contains("Unrelated")), deliveries.toString());
            assertEquals(List.of(), unverified, "every delivery carries a valid Standard Webhooks signature");

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
        assertEquals(0, sentinelConnections.get());
    }

    /** The SSRF table: each webhook is refused when the search is saved; no connection is ever made. */
    @Test
    void webhooksAimedInsideAreRefusedWhenSaved() throws Exception {
        int port = sentinel.getLocalPort();
        List<String> table = List.of(
                "http://127.0.0.1:" + port + "/", "http://127.0.0.1:8081/", "http://localhost:9200/",
                "http://localhost:" + port + "/", "http://[::1]:8083/", "http://[::1]:" + port + "/",
                "http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/", "http://192.168.1.1/",
                "http://0.0.0.0:8082/", "http://0.0.0.0:" + port + "/", "http://2130706433/",
                "http://2130706433:" + port + "/", "http://127.1:" + port + "/", "http://0x7f.0.0.1:" + port + "/",
                "http://[::ffff:127.0.0.1]:" + port + "/", "http://[fd00::1]/", "http://[fe80::1]/",
                "http://loopback.webhook.test:" + port + "/", "http://private.webhook.test/",
                "http://metadata.webhook.test/latest/meta-data/", "http://unique-local.webhook.test/",
                "http://unknown.webhook.test/", "ftp://receiver.webhook.test/", "file:///etc/passwd",
                "http://user:pw@receiver.webhook.test/");
        for (String webhook : table) {
            given().contentType(ContentType.JSON).body(Map.of("name", "ssrf", "query", Map.of("q", "x"),
                            "webhook", webhook))
                    .when().post("/api/v1/saved-searches")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("title", equalTo("Invalid webhook")).body("detail", containsString("refused"));
        }
        given().when().get("/api/v1/saved-searches").then().statusCode(200).body("name", not(hasItem("ssrf")));
        Thread.sleep(200);
        assertEquals(0, sentinelConnections.get(), "a refused webhook was connected to");
    }

    /** A name that pointed at the receiver when saved and at loopback later is refused at delivery. */
    @Test
    void deliveryChecksTheAddressAgain() throws Exception {
        TestResolver.NAMES.put("rebind.webhook.test", "127.0.0.2");
        String word = word();
        String id = save("rebind " + word, word, "http://rebind.webhook.test:" + sentinel.getLocalPort() + "/hook");
        TestResolver.NAMES.put("rebind.webhook.test", "127.0.0.1");
        index(article(UUID.randomUUID().toString(), "alerts", "Rebind " + word, "About " + word,
                "2025-03-01T00:00:00Z", List.of()));
        String error = awaitDeliveryError(id);
        assertEquals("refused: the host resolves to a loopback address", error);
        assertEquals(0, sentinelConnections.get(), "the delivery connected to the new address");
        given().when().delete("/api/v1/saved-searches/" + id).then().statusCode(204);
    }

    /**
     * A redirect from the allowed receiver to loopback is not followed; a webhook answering 500 and a closed port
     * record the same error, which names neither.
     */
    @Test
    void redirectsAreNotFollowedAndErrorsDoNotSayWhatAnswered() throws Exception {
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.2", 0), 0);
        receiver.createContext("/redirect", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Location", "http://127.0.0.1:" + sentinel.getLocalPort() + "/");
            exchange.sendResponseHeaders(307, -1);
            exchange.close();
        });
        receiver.createContext("/fail", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        receiver.start();
        int closedPort;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.2"))) {
            closedPort = closed.getLocalPort();
        }
        try {
            String word = word();
            String base = "http://receiver.webhook.test:" + receiver.getAddress().getPort();
            String redirect = save("redirect " + word, word, base + "/redirect");
            String failing = save("failing " + word, word, base + "/fail");
            String closed = save("closed " + word, word, "http://127.0.0.2:" + closedPort + "/hook");
            index(article(UUID.randomUUID().toString(), "alerts", "Redirect " + word, "About " + word,
                    "2025-03-01T00:00:00Z", List.of()));

            assertEquals("refused: the webhook answered with a redirect, and redirects are not followed",
                    awaitDeliveryError(redirect));
            String failed = awaitDeliveryError(failing);
            assertEquals(failed, awaitDeliveryError(closed));
            assertTrue(failed.startsWith("not delivered") && !failed.contains("500") && !failed.contains("refused")
                    && !failed.contains(Integer.toString(closedPort)), failed);
            for (String id : List.of(redirect, failing, closed)) {
                given().when().delete("/api/v1/saved-searches/" + id).then().statusCode(204);
            }
        } finally {
            receiver.stop(0);
        }
        assertEquals(0, sentinelConnections.get(), "the redirect was followed");
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
