package dev.dragoman.e2e;

import dev.dragoman.local.Backends;
import dev.dragoman.local.SharedBackends;
import dev.dragoman.local.Suite;
import dev.dragoman.local.testing.Auth;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 11's order independence, end to end: the five seeds are ingested in three different orders, each into a
 * fresh suite (its own knowledge base, database and index), and every article ends with the same entity ids in
 * every order; entity=Zelensky finds every seed that names him, in every order.
 */
class SeedOrderTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    @org.junit.jupiter.api.BeforeEach
    void authenticate() {
        io.restassured.RestAssured.requestSpecification = Auth.spec("reader");
    }

    @Test
    void everyOrderGivesEveryArticleTheSameEntityIds() throws Exception {
        Path seeds = Path.of(System.getProperty("dragoman.shared.dir", "../../../shared"), "seeds");
        List<Path> files;
        try (Stream<Path> list = Files.list(seeds)) {
            files = list.sorted().toList();
        }
        assertEquals(5, files.size());
        List<Path> reversed = new ArrayList<>(files);
        java.util.Collections.reverse(reversed);
        // 002 names Zelensky by his surname only: it goes first, before any article that names him in full
        List<Path> zelenskyFirst = List.of(files.get(2), files.get(4), files.get(0), files.get(3), files.get(1));
        Map<String, Map<String, Set<String>>> byOrder = new LinkedHashMap<>();
        int n = 0;
        for (List<Path> order : List.of(files, reversed, zelenskyFirst)) {
            byOrder.put(names(order), ingest(order, "order-" + (++n)));
        }
        Map<String, Set<String>> first = byOrder.values().iterator().next();
        for (Map.Entry<String, Map<String, Set<String>>> order : byOrder.entrySet()) {
            assertEquals(first, order.getValue(), "entity ids per seed in the order " + order.getKey());
        }
    }

    /** Ingests the seeds in this order into a fresh suite; answers each seed's entity ids (seed number -> ids). */
    private Map<String, Set<String>> ingest(List<Path> order, String name) throws Exception {
        Backends backends = SharedBackends.get();
        Map<String, Set<String>> ids = new TreeMap<>();
        try (Suite suite = Suite.start(E2e.projectDir(), backends, Suite.Ports.free(), name,
                E2e.projectDir().resolve("deploy/e2e/target/service-logs/" + name), Map.of(
                        "DRAGOMAN_INGEST_PIPELINE_POLL_INTERVAL", "200ms",
                        // one article at a time, in the order given: what the knowledge base learns first comes first
                        "DRAGOMAN_INGEST_PIPELINE_TAG_CONCURRENCY", "1"))) {
            String writer = Auth.bearer("writer");
            Map<String, String> articles = new LinkedHashMap<>();
            for (Path file : order) {
                String id = given().header("Authorization", writer).contentType("text/plain; charset=UTF-8")
                        .body(Files.readAllBytes(file)).when().post(suite.ingest().url() + "/api/v1/articles")
                        .then().statusCode(202).extract().path("id");
                articles.put(file.getFileName().toString().substring(0, 3), id);
                awaitIndexed(suite, id);
            }
            given().when().post(backends.elasticsearchUrl() + "/dragoman-" + name + "-articles/_refresh")
                    .then().statusCode(200);
            for (Map.Entry<String, String> article : articles.entrySet()) {
                JsonPath indexed = given().when().get(suite.query().url() + "/api/v1/articles/" + article.getValue())
                        .then().statusCode(200).extract().jsonPath();
                ids.put(article.getKey(), new TreeSet<>(indexed.getList("entityIds", String.class)));
                assertTrue(ids.get(article.getKey()).size() >= 3, name + ": seed " + article.getKey()
                        + " has hardly any entities: " + ids.get(article.getKey()));
            }
            assertTrue(ids.get("000").containsAll(List.of("person:sergey-lavrov", "place:istanbul")),
                    name + ": " + ids.get("000"));
            List<String> zelensky = given().queryParam("entity", "Zelensky").queryParam("size", 20)
                    .when().get(suite.query().url() + "/api/v1/search").then().statusCode(200).extract().jsonPath()
                    .getList("items.id");
            for (Path file : order) {
                String seed = file.getFileName().toString().substring(0, 3);
                if (Files.readString(file).matches("(?s).*Zelensk[yi].*")) {
                    assertTrue(zelensky.contains(articles.get(seed)), name + ": entity=Zelensky misses seed " + seed
                            + " " + zelensky);
                }
            }
        }
        return ids;
    }

    private static void awaitIndexed(Suite suite, String id) {
        org.awaitility.Awaitility.await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200))
                .until(() -> "INDEXED".equals(given().when().get(suite.ingest().url() + "/api/v1/articles/" + id)
                        .then().statusCode(200).extract().path("status")));
    }

    private static String names(List<Path> order) {
        return order.stream().map(p -> p.getFileName().toString().substring(0, 3)).toList().toString();
    }
}
