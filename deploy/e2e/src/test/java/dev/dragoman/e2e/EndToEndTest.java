package dev.dragoman.e2e;

import dev.dragoman.local.Backends;
import dev.dragoman.local.SharedBackends;
import dev.dragoman.local.Suite;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The three packaged services, started as separate processes against the run's real PostgreSQL and Elasticsearch,
 * configured exactly as a deployment would be (environment variables).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EndToEndTest {

    /** A real token of the run's Keycloak on every request (Auth: an admin's, or ingest-service's where only it may). */
    @org.junit.jupiter.api.BeforeEach
    void authenticate() {
        io.restassured.RestAssured.requestSpecification = dev.dragoman.local.testing.Auth.spec();
    }

    private static final Duration PIPELINE_TIMEOUT = Duration.ofMinutes(2);

    private Suite suite;
    private Backends backends;
    private String ingest;
    private String query;

    @BeforeAll
    void startSuite() throws Exception {
        Path projectDir = E2e.projectDir();
        backends = SharedBackends.get();
        suite = Suite.start(projectDir, backends, Suite.Ports.free(), "e2e",
                projectDir.resolve("deploy/e2e/target/service-logs"), Map.of(
                        // quick retries, so that the fault test does not wait minutes for a backoff
                        "DRAGOMAN_INGEST_PIPELINE_POLL_INTERVAL", "200ms",
                        "DRAGOMAN_INGEST_PIPELINE_INITIAL_BACKOFF", "200ms",
                        "DRAGOMAN_INGEST_PIPELINE_MAX_BACKOFF", "1s",
                        "DRAGOMAN_QUERY_STORIES_INTERVAL", "1s",
                        // the pipeline's own account is checked here (an article waits at TAGGED while query-service
                        // is down, tagged once, indexed once; reannotate after a merge requeues it): re-linking by
                        // itself would send articles round again at its own pace; RelinkTest shows it
                        "DRAGOMAN_INGEST_RELINK_ENABLED", "false",
                        "QUARKUS_REST_CLIENT_NLP_CONNECT_TIMEOUT", "500",
                        "QUARKUS_REST_CLIENT_QUERY_CONNECT_TIMEOUT", "500",
                        // the feeds test's pages are served on 127.0.0.2: allow-listed here only (127.0.0.1 and
                        // every other special address stays refused); politeness short
                        "DRAGOMAN_INGEST_FETCH_ALLOW_LIST", FeedSite.ADDRESS,
                        "DRAGOMAN_INGEST_FETCH_HOST_DELAY", "20ms",
                        "DRAGOMAN_INGEST_SOURCES_POLL_INTERVAL", "200ms"));
        ingest = suite.ingest().url();
        query = suite.query().url();
    }

    @AfterAll
    void stopSuite() {
        if (suite != null) {
            suite.close();
        }
    }

    @Test
    void seedArticlesGoInAndCanBeFound() throws Exception {
        // a writer submits the seeds; everything else in this test is read by a reader
        io.restassured.RestAssured.requestSpecification = dev.dragoman.local.testing.Auth.spec("reader");
        Map<String, String> ids = new LinkedHashMap<>();
        Path seeds = Path.of(System.getProperty("dragoman.shared.dir", "../../../shared"), "seeds");
        try (Stream<Path> files = Files.list(seeds)) {
            for (Path file : files.sorted().toList()) {
                String id = given().header("Authorization", dev.dragoman.local.testing.Auth.bearer("writer"))
                        .contentType("text/plain; charset=UTF-8").body(Files.readAllBytes(file))
                        .when().post(ingest + "/api/v1/articles")
                        .then().statusCode(202).extract().path("id");
                ids.put(file.getFileName().toString().substring(0, 3), id);
            }
        }
        assertEquals(5, ids.size());
        awaitStatus(ids.values(), "INDEXED");

        // "frozen assets": the Feb 26 Lavrov article first
        given().queryParam("q", "frozen assets").when().get(query + "/api/v1/search")
                .then().statusCode(200).body("items[0].id", equalTo(ids.get("000")));

        // entity=Lavrov: the articles that spell him "Sergey" (000) and "Sergei" (002, 003)
        List<String> lavrov = given().queryParam("entity", "Lavrov").queryParam("size", 20)
                .when().get(query + "/api/v1/search").then().statusCode(200).extract().jsonPath().getList("items.id");
        assertTrue(lavrov.contains(ids.get("000")), "Sergey Lavrov article missing: " + lavrov);
        assertTrue(lavrov.contains(ids.get("003")), "Sergei Lavrov article missing: " + lavrov);
        List<String> byId = given().queryParam("entity", "person:sergey-lavrov").queryParam("size", 20)
                .when().get(query + "/api/v1/search").then().statusCode(200).extract().jsonPath().getList("items.id");
        assertTrue(byId.containsAll(List.of(ids.get("000"), ids.get("003"))), byId::toString);

        // Istanbul in February 2025: the three February articles (003 states no date: it is estimated from its text)
        List<String> february = given().queryParam("q", "Istanbul").queryParam("from", "2025-02-01")
                .queryParam("to", "2025-03-01").queryParam("size", 20).when().get(query + "/api/v1/search")
                .then().statusCode(200).extract().jsonPath().getList("items.id");
        assertEquals(java.util.Set.of(ids.get("000"), ids.get("003"), ids.get("004")), java.util.Set.copyOf(february));

        // stories: reports of the same February events in Istanbul are grouped
        JsonPath stories = null;
        long storyDeadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        do {
            Thread.sleep(500);
            stories = given().queryParam("from", "2025-02-01").queryParam("to", "2025-03-01")
                    .when().get(query + "/api/v1/stories").then().statusCode(200).extract().jsonPath();
        } while (stories.getList("items").isEmpty() && System.nanoTime() < storyDeadline);
        assertTrue(stories.getList("items.articleCount", Integer.class).stream().anyMatch(c -> c >= 2),
                stories.prettify());

        // web debris is gone
        given().queryParam("q", "\"indicates required\"").when().get(query + "/api/v1/search")
                .then().statusCode(200).body("total", equalTo(0));
        given().queryParam("q", "indicates required").when().get(query + "/api/v1/search")
                .then().statusCode(200).body("total", equalTo(0));

        // seed 001's repeated paragraphs are stored once, in PostgreSQL and in the index
        String stored = given().when().get(ingest + "/api/v1/articles/" + ids.get("001"))
                .then().statusCode(200).extract().path("body");
        String indexed = given().when().get(query + "/api/v1/articles/" + ids.get("001"))
                .then().statusCode(200).extract().path("body");
        for (String body : List.of(stored, indexed)) {
            for (String sentence : List.of("Moscow expects that the Russian and Ukrainian draft memoranda",
                    "The details of the Russian draft memorandum", "Putin has repeatedly said")) {
                assertEquals(1, Pattern.compile(Pattern.quote(sentence)).matcher(body).results().count(), sentence);
            }
        }

        // the people who appear with the Kremlin spokesman, scored against the whole index
        List<String> withPeskov = given().queryParam("type", "PERSON")
                .when().get(query + "/api/v1/entities/person:dmitry-peskov/cooccurrences")
                .then().statusCode(200).extract().jsonPath().getList("items.id");
        assertTrue(withPeskov.containsAll(List.of("person:vladimir-putin", "person:donald-trump",
                "person:volodymyr-zelensky")), withPeskov::toString);

        // who said what: the Kremlin spokesman's quotes, by alias
        List<String> peskovQuotes = given().queryParam("speaker", "Peskov").queryParam("size", 20)
                .when().get(query + "/api/v1/quotes").then().statusCode(200).extract().jsonPath().getList("items.text");
        assertTrue(peskovQuotes.stream().anyMatch(q -> q.startsWith("Of course, nothing will be made public")),
                peskovQuotes::toString);

        // who meets where and when: the Feb 27 meeting in Istanbul announced in seed 000
        List<String> dates = given().queryParam("place", "Istanbul").queryParam("size", 20)
                .when().get(query + "/api/v1/events").then().statusCode(200).extract().jsonPath().getList("items.date");
        assertTrue(dates.contains("2025-02-27"), dates::toString);

        // Kyiv, however spelled, is one entity with a count
        given().queryParam("q", "Ky").queryParam("type", "LOCATION").when().get(query + "/api/v1/entities")
                .then().statusCode(200).body("items.find { it.id == 'place:kyiv' }.aliases", org.hamcrest.Matchers.hasItem("Kiev"));
    }

    /**
     * Issue 12 end to end: an RSS feed, an Atom feed and a sitemap served on loopback point at pages built from real
     * BBC articles in page furniture; every item becomes an INDEXED, searchable article whose indexed body is the
     * article's own text; the Atom feed also carries a lightly edited copy of an RSS item at another outlet's URL,
     * stored as an article of its own (its text differs) and placed in the same story as the original.
     */
    @Test
    void feedItemsBecomeIndexedArticlesAndAnEditedCopyJoinsTheOriginalsStory() throws Exception {
        try (FeedSite site = FeedSite.start()) {
            List<FeedSite.Page> rss = List.of(site.page(0), site.page(1), site.page(2));
            List<FeedSite.Page> sitemap = List.of(site.page(3), site.page(4));
            FeedSite.Page original = rss.get(0);
            FeedSite.Page edited = site.editedCopy(original);
            List<FeedSite.Page> atom = List.of(site.page(5), edited);
            site.serve("/feeds/rss.xml", "application/rss+xml", site.rss(rss));
            site.serve("/feeds/atom.xml", "application/atom+xml", site.atom(atom));
            site.serve("/sitemap.xml", "application/xml", site.sitemap(sitemap));
            Map<String, String> sources = new LinkedHashMap<>();
            for (String[] feed : List.of(new String[]{"rss", "/feeds/rss.xml"}, new String[]{"atom", "/feeds/atom.xml"},
                    new String[]{"sitemap", "/sitemap.xml"})) {
                sources.put(feed[0], given().contentType(ContentType.JSON)
                        .body(Map.of("type", feed[0], "url", site.url(feed[1]), "interval", "1h",
                                "name", "e2e " + feed[0], "language", "en"))
                        .when().post(ingest + "/api/v1/sources").then().statusCode(201).extract().path("id"));
            }
            List<FeedSite.Page> all = new ArrayList<>(rss);
            all.addAll(atom);
            all.addAll(sitemap);
            Map<FeedSite.Page, String> ids = new LinkedHashMap<>();
            org.awaitility.Awaitility.await().atMost(PIPELINE_TIMEOUT).pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> {
                        for (FeedSite.Page page : all) {
                            ids.computeIfAbsent(page, p -> articleAt(site.url(p.path()), p.title()));
                            assertTrue(ids.get(page) != null, "no article yet for " + page.path());
                        }
                    });
            awaitStatus(ids.values(), "INDEXED");
            for (FeedSite.Page page : all) {
                JsonPath indexed = given().when().get(query + "/api/v1/articles/" + ids.get(page)).then()
                        .statusCode(200).extract().jsonPath();
                assertEquals(FeedSite.words(page.body()), FeedSite.words(indexed.getString("body")),
                        "the indexed body is the article's own text: " + page.path());
                for (String furniture : FeedSite.FURNITURE) {
                    assertTrue(!indexed.getString("body").contains(furniture), furniture + " in " + page.path());
                }
                assertEquals(page.title(), indexed.getString("title"));
                // searchable by a phrase of its own text
                given().queryParam("q", "\"" + page.marker() + "\"").when().get(query + "/api/v1/search")
                        .then().statusCode(200).body("items.id", org.hamcrest.Matchers.hasItem(ids.get(page)));
            }
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                String originalStory = given().when().get(query + "/api/v1/articles/" + ids.get(original))
                        .then().statusCode(200).extract().path("storyId");
                String copyStory = given().when().get(query + "/api/v1/articles/" + ids.get(edited))
                        .then().statusCode(200).extract().path("storyId");
                assertTrue(originalStory != null && originalStory.equals(copyStory),
                        "the edited copy is in the original's story: " + originalStory + " / " + copyStory);
            });
            assertTrue(!ids.get(original).equals(ids.get(edited)), "the edited copy is an article of its own");
            for (String id : sources.values()) {
                given().when().get(ingest + "/api/v1/sources/" + id).then().statusCode(200)
                        .body("consecutiveFailures", equalTo(0))
                        .body("averageDelaySeconds", org.hamcrest.Matchers.notNullValue());
                given().when().delete(ingest + "/api/v1/sources/" + id).then().statusCode(204);
            }
        }
    }

    /** The stored article under a URL (among the listed articles of that title), or null. */
    private String articleAt(String url, String title) {
        for (String status : List.of("RECEIVED", "TAGGED", "INDEXED")) {
            String cursor = null;
            do {
                var request = given().queryParam("status", status).queryParam("size", 500);
                if (cursor != null) {
                    request = request.queryParam("cursor", cursor);
                }
                JsonPath page = request.when().get(ingest + "/api/v1/articles").then().statusCode(200).extract()
                        .jsonPath();
                List<Map<String, Object>> items = page.getList("items");
                for (String id : items.stream().filter(i -> title.equals(i.get("title")))
                        .map(i -> (String) i.get("id")).toList()) {
                    String at = given().when().get(ingest + "/api/v1/articles/" + id).then().statusCode(200)
                            .extract().path("url");
                    if (url.equals(at)) {
                        return id;
                    }
                }
                cursor = page.getString("nextCursor");
            } while (cursor != null);
        }
        return null;
    }

    /**
     * A curator merges two spellings in nlp-service's knowledge base; the indexed article follows on request. A reader
     * may neither merge nor index; a saved search of one user is invisible to another.
     */
    @Test
    void aMergeInTheKnowledgeBaseReachesIndexedArticles() throws Exception {
        io.restassured.RestAssured.requestSpecification = dev.dragoman.local.testing.Auth.spec("curator");
        String reader = dev.dragoman.local.testing.Auth.bearer("reader");
        String nlp = suite.nlp().url();
        String id = given().header("Authorization", dev.dragoman.local.testing.Auth.bearer("writer"))
                .contentType("text/plain; charset=UTF-8")
                .body("Yevgeny Sobko spoke in Odesa on Monday about the grain corridor. Sobko said ships would sail."
                        + "\n\nReference " + java.util.UUID.randomUUID() + ".")
                .when().post(ingest + "/api/v1/articles").then().statusCode(202).extract().path("id");
        awaitStatus(List.of(id), "INDEXED");
        given().queryParam("entity", "person:yevgeny-sobko").when().get(query + "/api/v1/search")
                .then().statusCode(200).body("items.id", org.hamcrest.Matchers.hasItem(id));

        given().contentType("application/json").body(Map.of("type", "PERSON", "name", "Yevhen Sobko"))
                .when().post(nlp + "/api/v1/entities").then().statusCode(201);
        // a reader may not merge, nor write into the index, nor re-annotate
        given().header("Authorization", reader).contentType("application/json")
                .body(Map.of("into", "person:yevhen-sobko"))
                .when().post(nlp + "/api/v1/entities/person:yevgeny-sobko/merge").then().statusCode(403)
                .contentType(org.hamcrest.Matchers.containsString("application/problem+json"));
        given().header("Authorization", reader).contentType("application/json")
                .body(Map.of("id", id, "body", "overwritten", "annotation", Map.of("model", "x")))
                .when().put(query + "/internal/v1/articles/" + id).then().statusCode(403);
        given().header("Authorization", reader).queryParam("entity", "person:yevgeny-sobko")
                .when().post(ingest + "/api/v1/articles/reannotate").then().statusCode(403);
        // and without a token nothing is answered but 401, as a problem
        java.net.http.HttpResponse<String> anonymous = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(query + "/api/v1/search?q=Sobko")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(401, anonymous.statusCode(), anonymous.body());
        assertTrue(anonymous.headers().firstValue("Content-Type").orElse("").contains("application/problem+json"));
        // the curator may
        given().contentType("application/json").body(Map.of("into", "person:yevhen-sobko"))
                .when().post(nlp + "/api/v1/entities/person:yevgeny-sobko/merge").then().statusCode(200);
        given().queryParam("entity", "person:yevgeny-sobko").when().post(ingest + "/api/v1/articles/reannotate")
                .then().statusCode(200).body("articles", equalTo(1));
        awaitStatus(List.of(id), "INDEXED");

        given().queryParam("entity", "person:yevhen-sobko").when().get(query + "/api/v1/search")
                .then().statusCode(200).body("items.id", org.hamcrest.Matchers.hasItem(id));
        given().queryParam("entity", "person:yevgeny-sobko").when().get(query + "/api/v1/search")
                .then().statusCode(200).body("items.id", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(id)));

        // saved searches belong to who saved them
        String saved = given().header("Authorization", reader).contentType("application/json")
                .body(Map.of("name", "Sobko " + id, "query", Map.of("q", "Sobko")))
                .when().post(query + "/api/v1/saved-searches").then().statusCode(201).extract().path("id");
        String other = dev.dragoman.local.testing.Auth.bearer("reader2");
        given().header("Authorization", other).when().get(query + "/api/v1/saved-searches/" + saved)
                .then().statusCode(404);
        given().header("Authorization", other).when().delete(query + "/api/v1/saved-searches/" + saved)
                .then().statusCode(404);
        given().header("Authorization", other).when().get(query + "/api/v1/saved-searches").then().statusCode(200)
                .body("id", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(saved)));
        given().header("Authorization", reader).when().get(query + "/api/v1/saved-searches").then().statusCode(200)
                .body("id", org.hamcrest.Matchers.hasItem(saved));
        given().header("Authorization", dev.dragoman.local.testing.Auth.bearer("admin"))
                .when().get(query + "/api/v1/saved-searches/" + saved).then().statusCode(200)
                .body("owner", equalTo("reader"));
        given().header("Authorization", reader).when().delete(query + "/api/v1/saved-searches/" + saved)
                .then().statusCode(204);
    }

    @Test
    void articlesWaitWhileAServiceIsDownAndAreIndexedOnceWhenItIsBack() throws Exception {
        String source = "fault-" + UUID.randomUUID();
        List<String> ids = new ArrayList<>();
        suite.nlp().close();
        try {
            for (String text : newsArticles(3)) {
                ids.add(submit(text, source));
            }
            Thread.sleep(3000);
            for (String id : ids) {
                JsonPath article = given().when().get(ingest + "/api/v1/articles/" + id).then().statusCode(200)
                        .extract().jsonPath();
                assertEquals("RECEIVED", article.getString("status"));
                assertTrue(article.getInt("retries") >= 1, "no try recorded: " + article.prettify());
            }
        } finally {
            suite.nlp().start(Duration.ofMinutes(3));
        }
        awaitStatus(ids, "INDEXED");

        // then query-service (the way to Elasticsearch) goes down: tagged articles wait at TAGGED
        List<String> more = new ArrayList<>();
        suite.query().close();
        try {
            for (String text : newsArticles(6).subList(3, 6)) {
                more.add(submit(text, source));
            }
            awaitStatus(more, "TAGGED");
            Thread.sleep(2000);
            for (String id : more) {
                given().when().get(ingest + "/api/v1/articles/" + id).then().statusCode(200)
                        .body("status", equalTo("TAGGED"));
            }
        } finally {
            suite.query().start(Duration.ofMinutes(3));
        }
        awaitStatus(more, "INDEXED");

        ids.addAll(more);
        for (String id : ids) {
            List<String> history = given().when().get(ingest + "/api/v1/articles/" + id).then().statusCode(200)
                    .extract().jsonPath().getList("history.type");
            assertEquals(1, history.stream().filter("INDEXED"::equals).count(), "indexed once: " + history);
            assertEquals(1, history.stream().filter("TAGGED"::equals).count(), "tagged once: " + history);
            assertTrue(history.contains("RETRY"), "the outage shows in the history: " + history);
        }
        given().queryParam("source", source).queryParam("size", 100).when().get(query + "/api/v1/search")
                .then().statusCode(200).body("total", equalTo(6));
    }

    private String submit(String text, String source) {
        return given().contentType(ContentType.TEXT.withCharset(StandardCharsets.UTF_8)).header("X-Source", source)
                .body(text.getBytes(StandardCharsets.UTF_8)).when().post(ingest + "/api/v1/articles")
                .then().statusCode(202).extract().path("id");
    }

    /** Real articles from the shared news data (WikiNews, CC BY), read in place. */
    private static List<String> newsArticles(int count) throws Exception {
        Path file = E2e.news("wikinews_cc_by_small.ndjson");
        List<String> texts = new ArrayList<>();
        try (Stream<String> lines = Files.lines(file)) {
            for (String line : lines.limit(count).toList()) {
                JsonPath json = new JsonPath(line);
                texts.add(json.getString("title") + "\n\n" + json.getString("body"));
            }
        }
        return texts;
    }

    private void awaitStatus(Iterable<String> ids, String status) throws InterruptedException {
        long deadline = System.nanoTime() + PIPELINE_TIMEOUT.toNanos();
        for (String id : ids) {
            while (true) {
                JsonPath article = given().when().get(ingest + "/api/v1/articles/" + id).then().statusCode(200)
                        .extract().jsonPath();
                if (status.equals(article.getString("status"))) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("article " + id + " did not reach " + status + ": " + article.prettify());
                }
                Thread.sleep(200);
            }
        }
        if ("INDEXED".equals(status)) {
            // indexing does not wait for refreshes (searchable within the refresh interval): tests refresh explicitly
            given().when().post(backends.elasticsearchUrl() + "/dragoman-e2e-articles/_refresh").then().statusCode(200);
        }
    }
}
