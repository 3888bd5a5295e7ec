package dev.dragoman.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.dragoman.local.Backends;
import dev.dragoman.local.LocalBackends;
import dev.dragoman.local.ServiceProcess;
import dev.dragoman.local.SharedBackends;
import dev.dragoman.local.Suite;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 9's multi-replica acceptance: two ingest-service, two nlp-service and two query-service processes on one
 * PostgreSQL and one Elasticsearch, wired crosswise (ingest-1 calls nlp-1 and query-2, ingest-2 calls nlp-2 and
 * query-1). 2,000 real HuffPost news items (headline and summary: short texts, so that tagging 2,000 of them fits a CI
 * run on two cores; ../shared/data/news, read in place, each made unique) arrive as two NDJSON
 * batches, one per ingest replica; mid-run ingest-1 dies (SIGKILL) and comes back, later ingest-2 is stopped
 * (SIGTERM, drains). Every article ends INDEXED with one TAGGED and one INDEXED in its history; the index holds
 * exactly the 2,000 documents; a saved search's slow webhook gets each matching article exactly once although both
 * query-service replicas run alert delivery. Each story has one id (eachStoryHasOneId).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicasTest {

    /** A real token of the run's Keycloak on every request (Auth: an admin's, or ingest-service's where only it may). */
    @org.junit.jupiter.api.BeforeEach
    void authenticate() {
        io.restassured.RestAssured.requestSpecification = dev.dragoman.local.testing.Auth.spec();
    }

    private static final int ARTICLES = 2_000;
    /** One article in this many carries the saved search's marker word. */
    private static final int MARKED_EVERY = 10;
    private static final Duration WEBHOOK_DELAY = Duration.ofMillis(2500);
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** This run's articles, source and marker: the database and index may hold earlier runs' articles. */
    private final String run = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final String source = "replicas-" + run;
    private final String marker = "zq" + run.replaceAll("[0-9]", "x");

    private Backends backends;
    private final List<ServiceProcess> services = new ArrayList<>();
    private ServiceProcess ingest1;
    private ServiceProcess ingest2;
    private ServiceProcess query1;
    private HttpServer webhook;
    private ExecutorService webhookThreads;
    /** Deliveries per article id, as the webhook received them. */
    private final Map<String, AtomicInteger> delivered = new ConcurrentHashMap<>();

    @BeforeAll
    void start() throws Exception {
        Path projectDir = E2e.projectDir();
        backends = SharedBackends.get();
        startWebhook();

        Map<String, String> common = Suite.commonEnvironment(Map.ofEntries(
                // the test's webhook receiver listens on loopback: admitted by the address guard's allow-list here only
                Map.entry("DRAGOMAN_QUERY_WEBHOOKS_ALLOW_HTTP", "true"),
                Map.entry("DRAGOMAN_QUERY_WEBHOOKS_ALLOW_LIST", "127.0.0.1/32"),
                // a short lease, so that the killed replica's articles come back soon; renewed every third of it
                Map.entry("DRAGOMAN_INGEST_PIPELINE_LEASE", "10s"),
                // exactly once through the pipeline is what this test counts: re-linking would send articles that a
                // later one taught a name round again, by design (RelinkTest shows it on two ingest replicas)
                Map.entry("DRAGOMAN_INGEST_RELINK_ENABLED", "false"),
                Map.entry("DRAGOMAN_INGEST_PIPELINE_DRAIN_TIMEOUT", "5s"),
                Map.entry("DRAGOMAN_INGEST_PIPELINE_POLL_INTERVAL", "200ms"),
                Map.entry("DRAGOMAN_INGEST_PIPELINE_INITIAL_BACKOFF", "200ms"),
                Map.entry("DRAGOMAN_INGEST_PIPELINE_MAX_BACKOFF", "2s"),
                Map.entry("QUARKUS_REST_CLIENT_NLP_CONNECT_TIMEOUT", "500"),
                Map.entry("QUARKUS_REST_CLIENT_QUERY_CONNECT_TIMEOUT", "500"),
                Map.entry("DRAGOMAN_QUERY_ALERTS_INTERVAL", "1s"),
                Map.entry("DRAGOMAN_QUERY_STORIES_INTERVAL", "2s")));
        String name = "replicas";
        int nlp1 = free(), nlp2 = free(), q1 = free(), q2 = free();
        ServiceProcess n1 = Suite.service(projectDir, "nlp-service", nlp1, Suite.nlpEnvironment(backends, name, common),
                E2e.serviceLog("replicas-nlp-1.log"));
        ServiceProcess n2 = Suite.service(projectDir, "nlp-service", nlp2, Suite.nlpEnvironment(backends, name, common),
                E2e.serviceLog("replicas-nlp-2.log"));
        query1 = Suite.service(projectDir, "query-service", q1, Suite.queryEnvironment(backends, name, common),
                E2e.serviceLog("replicas-query-1.log"));
        ServiceProcess query2 = Suite.service(projectDir, "query-service", q2,
                Suite.queryEnvironment(backends, name, common), E2e.serviceLog("replicas-query-2.log"));
        // crosswise: each ingest replica tags with one nlp replica and indexes through the other side's query replica
        ingest1 = Suite.service(projectDir, "ingest-service", free(),
                Suite.ingestEnvironment(backends, name, nlp1, q2, common), E2e.serviceLog("replicas-ingest-1.log"));
        ingest2 = Suite.service(projectDir, "ingest-service", free(),
                Suite.ingestEnvironment(backends, name, nlp2, q1, common), E2e.serviceLog("replicas-ingest-2.log"));
        services.addAll(List.of(n1, n2, query1, query2, ingest1, ingest2));
        for (ServiceProcess service : services) {
            service.start(Duration.ofMinutes(3));
            LocalBackends.log(service.name() + " ready at " + service.url());
        }
    }

    @AfterAll
    void stop() {
        for (int i = services.size() - 1; i >= 0; i--) {
            services.get(i).close();
        }
        if (webhook != null) {
            webhook.stop(0);
            webhookThreads.shutdownNow();
        }
    }

    @Test
    @Order(1)
    void twoOfEachServiceProcessEveryArticleOnceThroughAKillAndAStop() throws Exception {
        String hook = "http://127.0.0.1:" + webhook.getAddress().getPort() + "/hook";
        given().contentType("application/json").body(Map.of("name", "marked " + run, "query", Map.of("q", marker),
                        "webhook", hook))
                .when().post(query1.url() + "/api/v1/saved-searches").then().statusCode(201);

        List<List<String>> halves = batches();
        List<String> batchIds = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Set<String> markedIds = new HashSet<>();
        for (int half = 0; half < 2; half++) {
            ServiceProcess ingest = half == 0 ? ingest1 : ingest2;
            JsonPath answer = given().contentType("application/x-ndjson")
                    .body(String.join("\n", halves.get(half)).getBytes(StandardCharsets.UTF_8))
                    .when().post(ingest.url() + "/api/v1/articles/batch")
                    .then().statusCode(200).extract().jsonPath();
            assertEquals(ARTICLES / 2, answer.getInt("accepted"), "accepted");
            assertEquals(0, answer.getInt("duplicates") + answer.getInt("rejected"), "duplicates + rejected");
            batchIds.add(answer.getString("batchId"));
            List<Map<String, Object>> items = answer.getList("items");
            for (Map<String, Object> item : items) {
                String id = (String) item.get("id");
                ids.add(id);
                // lines are numbered from 1; line k of a half is article (half * 1000 + k - 1)
                int article = half * (ARTICLES / 2) + ((Number) item.get("line")).intValue() - 1;
                if (article % MARKED_EVERY == 0) {
                    markedIds.add(id);
                }
            }
        }
        assertEquals(ARTICLES, ids.size());
        assertEquals(ARTICLES / MARKED_EVERY, markedIds.size());

        // mid-run: ingest-1 dies without a word; its claims come back to ingest-2 when their lease runs out
        // (ingest-2 goes on meanwhile, and takes ingest-1's articles once their 10 s leases have run out)
        awaitIndexed(batchIds, ingest2, 300);
        ingest1.kill();
        LocalBackends.log("ingest-1 killed (SIGKILL) at " + indexed(batchIds, ingest2) + " indexed");
        ingest1.start(Duration.ofMinutes(3));
        LocalBackends.log("ingest-1 back at " + indexed(batchIds, ingest2) + " indexed");
        // later: ingest-2 is stopped as in a rolling deploy; it drains and gives its leases back to ingest-1
        awaitIndexed(batchIds, ingest1, 600);
        ingest2.close();
        LocalBackends.log("ingest-2 stopped (SIGTERM) at " + indexed(batchIds, ingest1) + " indexed");
        awaitIndexed(batchIds, ingest1, ARTICLES);

        for (String batchId : batchIds) {
            given().when().get(ingest1.url() + "/api/v1/batches/" + batchId).then().statusCode(200)
                    .body("accepted", equalTo(ARTICLES / 2)).body("indexed", equalTo(ARTICLES / 2))
                    .body("failed", equalTo(0)).body("done", equalTo(true));
        }
        // every article: INDEXED, tagged once and indexed once by the pipeline's own account (8 readers at once)
        ExecutorService readers = Executors.newFixedThreadPool(8);
        try {
            List<Callable<String>> reads = ids.stream().<Callable<String>>map(id -> () -> {
                JsonPath article = given().when().get(ingest1.url() + "/api/v1/articles/" + id).then()
                        .statusCode(200).extract().jsonPath();
                List<String> history = article.getList("history.type");
                boolean once = history.stream().filter("TAGGED"::equals).count() == 1
                        && history.stream().filter("INDEXED"::equals).count() == 1;
                return "INDEXED".equals(article.getString("status")) && once ? null
                        : id + " " + article.getString("status") + " " + history;
            }).toList();
            List<String> wrong = new ArrayList<>();
            for (Future<String> read : readers.invokeAll(reads)) {
                if (read.get() != null) {
                    wrong.add(read.get());
                }
            }
            assertEquals(List.of(), wrong, "articles not INDEXED, or not tagged once and indexed once");
        } finally {
            readers.shutdownNow();
        }
        // and by Elasticsearch's: exactly these 2,000 documents, nothing lost, nothing extra
        Map<String, String> stories = indexedStories();
        assertEquals(ids, stories.keySet());

        // the webhook received each marked article exactly once, and nothing else, across both query replicas
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> assertEquals(Set.of(),
                markedIds.stream().filter(id -> !delivered.containsKey(id)).collect(Collectors.toSet()),
                "marked articles the webhook has not received"));
        await().during(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    assertEquals(markedIds, delivered.keySet());
                    Map<String, Integer> twice = delivered.entrySet().stream().filter(e -> e.getValue().get() != 1)
                            .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get()));
                    assertEquals(Map.of(), twice, "articles delivered more than once");
                });

        LocalBackends.log("replicas: " + ARTICLES + " indexed once, " + markedIds.size() + " alerts once, "
                + new HashSet<>(indexedStories().values()).size() + " story ids");
    }

    /**
     * One id per story: a story is named after its first article, which belongs to that story itself (no chains
     * A -> B -> C). StoryService now moves every member of a story that merges into another, so chains cannot stay.
     */
    @Test
    @Order(2)
    void eachStoryHasOneId() {
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Map<String, String> now = indexedStories();
            Map<String, String> roots = storiesOf(now.values().stream().filter(s -> !now.containsKey(s))
                    .collect(Collectors.toSet()));
            roots.putAll(now);
            List<String> chained = now.entrySet().stream()
                    .filter(e -> !e.getValue().equals(roots.get(e.getValue())))
                    .map(e -> e.getKey() + " -> " + e.getValue() + " -> " + roots.get(e.getValue())).toList();
            assertEquals(List.of(), chained, "articles whose story is named after an article of another story");
        });
    }

    /** Real news items as NDJSON lines, each made unique, every tenth with the marker word; in two halves. */
    private List<List<String>> batches() throws IOException {
        Path file = E2e.news("huffpost_news_category_v3_partial.ndjson");
        List<List<String>> halves = List.of(new ArrayList<>(), new ArrayList<>());
        int n = 0;
        try (Stream<String> lines = Files.lines(file)) {
            Iterator<String> it = lines.iterator();
            while (n < ARTICLES && it.hasNext()) {
                ObjectNode article = (ObjectNode) JSON.readTree(it.next());
                String body = article.path("body").asText("");
                if (body.length() < 60) {
                    continue; // a headline with hardly a summary: not worth tagging
                }
                article.remove("id");
                article.put("source", source);
                article.put("body", body + "\n\nReference " + run + "-" + n + "."
                        + (n % MARKED_EVERY == 0 ? " Traders called it the " + marker + " effect." : ""));
                halves.get(n < ARTICLES / 2 ? 0 : 1).add(JSON.writeValueAsString(article));
                n++;
            }
        }
        assertEquals(ARTICLES, n);
        return halves;
    }

    private void awaitIndexed(List<String> batchIds, ServiceProcess ingest, int atLeast) {
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(500))
                .until(() -> indexed(batchIds, ingest) >= atLeast);
    }

    /** Articles of the batches indexed, from GET /api/v1/batches/{id} (shared figures: any replica answers). */
    private static long indexed(List<String> batchIds, ServiceProcess ingest) {
        long indexed = 0;
        for (String batchId : batchIds) {
            indexed += given().when().get(ingest.url() + "/api/v1/batches/" + batchId).then().statusCode(200)
                    .extract().jsonPath().getLong("indexed");
        }
        return indexed;
    }

    /** This run's documents in Elasticsearch, straight from the index (not through the services): id -> storyId. */
    private Map<String, String> indexedStories() throws IOException {
        refresh();
        return search(Map.of("term", Map.of("source", source)));
    }

    private Map<String, String> storiesOf(Set<String> ids) throws IOException {
        return ids.isEmpty() ? new HashMap<>() : search(Map.of("ids", Map.of("values", List.copyOf(ids))));
    }

    private Map<String, String> search(Map<String, Object> query) throws IOException {
        Map<String, String> stories = new HashMap<>();
        List<Object> after = null;
        while (true) {
            Map<String, Object> request = new HashMap<>(Map.of("size", 1000, "query", query,
                    "sort", List.of(Map.of("id", "asc")), "_source", List.of("id", "storyId")));
            if (after != null) {
                request.put("search_after", after);
            }
            JsonNode hits = JSON.readTree(given().contentType("application/json").body(JSON.writeValueAsString(request))
                    .when().post(backends.elasticsearchUrl() + "/dragoman-replicas-articles/_search")
                    .then().statusCode(200).extract().asString()).path("hits").path("hits");
            if (hits.isEmpty()) {
                return stories;
            }
            for (JsonNode hit : hits) {
                stories.put(hit.path("_source").path("id").asText(), hit.path("_source").path("storyId").asText());
            }
            after = List.of(hits.get(hits.size() - 1).path("sort").get(0).asText());
        }
    }

    private void refresh() {
        given().when().post(backends.elasticsearchUrl() + "/dragoman-replicas-articles/_refresh").then().statusCode(200);
    }

    /** A webhook receiver on loopback that takes its time to answer, as a real one may. */
    private void startWebhook() throws IOException {
        webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhookThreads = Executors.newFixedThreadPool(4);
        webhook.setExecutor(webhookThreads);
        webhook.createContext("/hook", exchange -> {
            try (exchange) {
                JsonNode body = JSON.readTree(exchange.getRequestBody());
                for (JsonNode article : body.path("articles")) {
                    delivered.computeIfAbsent(article.path("id").asText(), id -> new AtomicInteger()).incrementAndGet();
                }
                Thread.sleep(WEBHOOK_DELAY.toMillis());
                exchange.sendResponseHeaders(204, -1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        webhook.start();
    }

    private static int free() {
        return Suite.Ports.free().ingest();
    }
}
