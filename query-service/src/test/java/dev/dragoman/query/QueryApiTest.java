package dev.dragoman.query;

import dev.dragoman.local.testing.StackTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The query API against a real Elasticsearch node. Each test uses its own source, so tests do not see each other. */
@QuarkusTest
@WithTestResource(value = StackTestResource.class, initArgs = @ResourceArg(name = "elasticsearch", value = "true"))
class QueryApiTest {

    /** A real token of the run's Keycloak on every request (Auth: an admin's, or ingest-service's where only it may). */
    @org.junit.jupiter.api.BeforeEach
    void authenticate() {
        io.restassured.RestAssured.requestSpecification = dev.dragoman.local.testing.Auth.spec();
    }

    @jakarta.inject.Inject
    co.elastic.clients.elasticsearch.ElasticsearchClient elasticsearch;

    @jakarta.inject.Inject
    dev.dragoman.query.service.IndexAdmin indexAdmin;

    /**
     * dragoman.query.index-shards, index-replicas and index-refresh-interval reach the index (the test profile sets
     * 1, 0 and 750ms).
     */
    @Test
    void theIndexHasTheConfiguredShardsAndReplicas() throws Exception {
        indexAdmin.ensureIndex();
        var settings = elasticsearch.indices().getSettings(g -> g.index(indexAdmin.alias()))
                .get(indexAdmin.versionedIndex()).settings().index();
        assertEquals("1", settings.numberOfShards());
        assertEquals("0", settings.numberOfReplicas());
        assertEquals("750ms", settings.refreshInterval().time());
    }

    /**
     * A bulk sent while ingest-service works through a backlog (backlog=true) makes the index refresh every
     * backlog-refresh-interval (5 s); the next bulk without one puts index-refresh-interval (750 ms here) back.
     */
    @Test
    void aBacklogBulkSlowsTheRefreshUntilABulkWithoutOne() throws Exception {
        String source = newSource();
        for (boolean backlog : new boolean[] {true, false}) {
            Map<String, Object> doc = article(UUID.randomUUID().toString(), source, "Backlog " + backlog,
                    "A body.", "2025-03-01T00:00:00Z", List.of());
            given().contentType(ContentType.JSON).queryParam("backlog", backlog).body(List.of(doc))
                    .when().post("/internal/v1/articles/bulk").then().statusCode(200).body("indexed", equalTo(1));
            var settings = elasticsearch.indices().getSettings(g -> g.index(indexAdmin.alias()))
                    .get(indexAdmin.versionedIndex()).settings().index();
            assertEquals(backlog ? "5000ms" : "750ms", settings.refreshInterval().time(), "backlog=" + backlog);
        }
        given().queryParam("source", source).when().get("/api/v1/search").then().statusCode(200).body("total", equalTo(2));
    }

    static Map<String, Object> mention(int start, String text, String type, String id, String name) {
        return Map.of("start", start, "end", start + text.length(), "text", text, "type", type, "entityId", id,
                "canonicalName", name);
    }

    static Map<String, Object> article(String id, String source, String title, String body, String publishedAt,
                                       List<Map<String, Object>> entities) {
        return Map.of("id", id, "title", title, "body", body, "publishedAt", publishedAt, "source", source,
                "url", "https://example.org/" + id,
                "annotation", Map.of("model", "test", "language", title.startsWith("Die ") ? "de" : "en", "entities", entities,
                        "dates", List.of(Map.of("start", 0, "end", 4, "text", "today", "date", publishedAt.substring(0, 10)))));
    }

    static void index(Map<String, Object> article) {
        given().contentType(ContentType.JSON).body(article).when().put("/internal/v1/articles/" + article.get("id"))
                .then().statusCode(200).body("id", equalTo(article.get("id")));
    }

    static String newSource() {
        return "test-" + UUID.randomUUID();
    }

    @Test
    void indexesIdempotentlyAndServesTheStoredArticle() {
        String id = UUID.randomUUID().toString();
        String source = newSource();
        Map<String, Object> doc = article(id, source, "Talks in Istanbul", "Diplomats met in Istanbul.",
                "2025-02-27T09:00:00Z", List.of(mention(20, "Istanbul", "LOCATION", "place:istanbul", "Istanbul")));
        given().contentType(ContentType.JSON).body(doc).when().put("/internal/v1/articles/" + id)
                .then().statusCode(200).body("result", equalTo("created"));
        given().contentType(ContentType.JSON).body(doc).when().put("/internal/v1/articles/" + id)
                .then().statusCode(200).body("result", equalTo("updated"));
        given().when().get("/api/v1/search?source=" + source).then().statusCode(200).body("total", equalTo(1));
        String etag = given().when().get("/api/v1/articles/" + id).then().statusCode(200)
                .header("Cache-Control", containsString("no-cache")).extract().header("ETag");
        given().header("If-None-Match", etag).when().get("/api/v1/articles/" + id).then().statusCode(304);
        given().header("If-None-Match", "\"stale\"").when().get("/api/v1/articles/" + id).then().statusCode(200);
        given().when().get("/api/v1/articles/" + id).then().statusCode(200)
                .body("title", equalTo("Talks in Istanbul"))
                .body("annotation.entities[0].entityId", equalTo("place:istanbul"))
                .body("entityIds", contains("place:istanbul"))
                .body("mentionedDates", contains("2025-02-27"));
    }

    @Test
    void bulkIndexesManyAndRefusesAnInvalidArticle() {
        String source = newSource();
        List<Map<String, Object>> docs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            docs.add(article(UUID.randomUUID().toString(), source, "Bulk " + i, "Bulk body " + i,
                    "2025-03-0" + (i + 1) + "T00:00:00Z", List.of()));
        }
        given().contentType(ContentType.JSON).body(docs).when().post("/internal/v1/articles/bulk")
                .then().statusCode(200).body("indexed", equalTo(3)).body("failures.size()", equalTo(0));
        given().queryParam("source", source).when().get("/api/v1/search").then().statusCode(200).body("total", equalTo(3));
        given().contentType(ContentType.JSON).body("[{\"id\":\"x\",\"annotation\":{\"model\":\"m\"}}]")
                .when().post("/internal/v1/articles/bulk").then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("body"));
    }

    @Test
    void searchesFullTextWithFiltersAndSnippets() {
        String source = newSource();
        String lavrov = UUID.randomUUID().toString();
        String other = UUID.randomUUID().toString();
        index(article(lavrov, source, "Lavrov on embassies", "The issue of frozen Russian assets will not disappear.",
                "2025-02-26T00:00:00Z", List.of(mention(0, "Sergey Lavrov", "PERSON", "person:sergey-lavrov", "Sergey Lavrov"))));
        index(article(other, source, "Air links", "Russia suggested restoring direct air links; assets were not discussed.",
                "2025-02-28T00:00:00Z", List.of(mention(0, "Russia", "LOCATION", "place:russia", "Russia"))));

        given().queryParam("q", "frozen assets").queryParam("source", source).when().get("/api/v1/search")
                .then().statusCode(200)
                .body("total", equalTo(1))
                .body("items[0].id", equalTo(lavrov))
                .body("items[0].snippet", containsString("<em>frozen</em>"))
                .body("items[0].entities.id", hasItem("person:sergey-lavrov"));
        given().queryParam("q", "assets").queryParam("source", source).queryParam("from", "2025-02-27")
                .when().get("/api/v1/search").then().statusCode(200)
                .body("total", equalTo(1)).body("items[0].id", equalTo(other));
        given().queryParam("q", "assets").queryParam("source", source).queryParam("to", "2025-02-26")
                .when().get("/api/v1/search").then().statusCode(200)
                .body("total", equalTo(1)).body("items[0].id", equalTo(lavrov));
        String german = UUID.randomUUID().toString();
        index(article(german, source, "Die Gespräche", "Die Diplomaten trafen sich.", "2025-02-27T00:00:00Z", List.of()));
        given().queryParam("source", source).queryParam("language", "de").when().get("/api/v1/search")
                .then().statusCode(200).body("total", equalTo(1)).body("items[0].id", equalTo(german));
        given().queryParam("source", source).queryParam("language", "EN").queryParam("language", "fr")
                .when().get("/api/v1/search").then().statusCode(200).body("total", equalTo(2));
        given().queryParam("source", source).queryParam("type", "PERSON").when().get("/api/v1/search")
                .then().statusCode(200).body("total", equalTo(1)).body("items[0].id", equalTo(lavrov));
        given().queryParam("q", "\"direct air links\"").queryParam("source", source).when().get("/api/v1/search")
                .then().statusCode(200).body("total", equalTo(1)).body("items[0].id", equalTo(other));
        given().queryParam("q", "assets -frozen").queryParam("source", source).when().get("/api/v1/search")
                .then().statusCode(200).body("total", equalTo(1)).body("items[0].id", equalTo(other));
        // syntax that is not simple-query-string is just text, never an error or a raw query
        given().queryParam("q", "{\"match_all\":{}} AND (").queryParam("source", source).when().get("/api/v1/search")
                .then().statusCode(200).body("total", equalTo(0));
    }

    @Test
    void entityFilterTakesAnIdOrAnyAlias() {
        String source = newSource();
        String sergey = UUID.randomUUID().toString();
        String sergei = UUID.randomUUID().toString();
        String unrelated = UUID.randomUUID().toString();
        index(article(sergey, source, "Sergey", "Sergey Lavrov said. Lavrov added.", "2025-02-26T00:00:00Z",
                List.of(mention(0, "Sergey Lavrov", "PERSON", "person:sergey-lavrov", "Sergey Lavrov"),
                        mention(20, "Lavrov", "PERSON", "person:sergey-lavrov", "Sergey Lavrov"))));
        index(article(sergei, source, "Sergei", "Sergei Lavrov said.", "2025-02-25T00:00:00Z",
                List.of(mention(0, "Sergei Lavrov", "PERSON", "person:sergey-lavrov", "Sergey Lavrov"))));
        index(article(unrelated, source, "Other", "Marco Rubio said.", "2025-02-24T00:00:00Z",
                List.of(mention(0, "Marco Rubio", "PERSON", "person:marco-rubio", "Marco Rubio"))));

        for (String value : List.of("person:sergey-lavrov", "Lavrov", "sergei lavrov", "Sergey Lavrov")) {
            given().queryParam("entity", value).queryParam("source", source).when().get("/api/v1/search")
                    .then().statusCode(200).body("total", equalTo(2))
                    .body("items.id", contains(sergey, sergei)); // newest first
        }
        given().queryParam("entity", "Nobody Known").queryParam("source", source).when().get("/api/v1/search")
                .then().statusCode(200).body("total", equalTo(0)).body("nextCursor", nullValue());
        given().queryParam("entity", "Lavrov").queryParam("entity", "person:marco-rubio").queryParam("source", source)
                .when().get("/api/v1/search").then().statusCode(200).body("total", equalTo(0));

        given().queryParam("q", "lav").queryParam("type", "PERSON").when().get("/api/v1/entities")
                .then().statusCode(200)
                .body("items.find { it.id == 'person:sergey-lavrov' }.aliases", hasItems("Lavrov", "Sergei Lavrov", "Sergey Lavrov"))
                .body("items.find { it.id == 'person:sergey-lavrov' }.articleCount", notNullValue())
                .body("items.id", not(hasItem("person:marco-rubio")));
    }

    @Test
    void cursorWalksEveryResultExactlyOnce() {
        String source = newSource();
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < 45; i++) {
            String id = UUID.randomUUID().toString();
            expected.add(id);
            // several articles share a timestamp: the id tie-break keeps the order total
            index(article(id, source, "Paging " + i, "Paging article number " + i, String.format(
                    "2025-03-%02dT00:00:00Z", 1 + i % 7), List.of()));
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var request = given().queryParam("source", source).queryParam("size", 10);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            var page = request.when().get("/api/v1/search").then().statusCode(200).body("total", equalTo(45))
                    .extract().jsonPath();
            seen.addAll(page.getList("items.id", String.class));
            cursor = page.getString("nextCursor");
            pages++;
        } while (cursor != null && pages < 20);
        assertEquals(5, pages);
        assertEquals(45, seen.size());
        assertEquals(expected, new HashSet<>(seen));
    }

    @Test
    void pagesAfterTheSecondReadOneSnapshot() {
        String source = newSource();
        for (int i = 0; i < 6; i++) {
            index(article(UUID.randomUUID().toString(), source, "Snapshot " + i, "Snapshot article " + i,
                    "2025-03-0" + (1 + i) + "T00:00:00Z", List.of()));
        }
        String cursor = given().queryParam("source", source).queryParam("size", 2).queryParam("sort", "oldest")
                .when().get("/api/v1/search").then().statusCode(200).extract().path("nextCursor");
        cursor = given().queryParam("source", source).queryParam("size", 2).queryParam("sort", "oldest")
                .queryParam("cursor", cursor).when().get("/api/v1/search").then().statusCode(200)
                .body("items.title", contains("Snapshot 2", "Snapshot 3")).extract().path("nextCursor");
        // indexed after the second page: the walk's snapshot does not show it, a new search does
        index(article(UUID.randomUUID().toString(), source, "Late", "Snapshot article late", "2025-03-09T00:00:00Z",
                List.of()));
        given().queryParam("source", source).queryParam("size", 2).queryParam("sort", "oldest")
                .queryParam("cursor", cursor).when().get("/api/v1/search").then().statusCode(200)
                .body("items.title", contains("Snapshot 4", "Snapshot 5")).body("nextCursor", nullValue());
        given().queryParam("source", source).when().get("/api/v1/search").then().statusCode(200)
                .body("total", equalTo(7));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            size zero            | size=0                     | size
            size too large       | size=5000                  | size
            size not a number    | size=ten                   | size
            unparsable from      | from=26-02-2025            | from
            unparsable to        | to=yesterday               | to
            from after to        | from=2025-03-01&to=2025-02-01 | after
            unknown type         | type=PLANET                | type
            garbage cursor       | cursor=not-a-cursor        | cursor
            """)
    void badSearchParametersAreProblems(String name, String query, String detail) {
        given().when().get("/api/v1/search?" + query).then().statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400)).body("detail", containsString(detail));
    }

    @Test
    void aCursorOfAnotherQueryIsRefused() {
        String source = newSource();
        for (int i = 0; i < 3; i++) {
            index(article(UUID.randomUUID().toString(), source, "C" + i, "Cursor text " + i, "2025-03-01T00:00:00Z",
                    List.of()));
        }
        String cursor = given().queryParam("source", source).queryParam("size", 1).when().get("/api/v1/search")
                .then().statusCode(200).extract().path("nextCursor");
        given().queryParam("source", source).queryParam("q", "other").queryParam("cursor", cursor)
                .when().get("/api/v1/search").then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("different query"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            invalid JSON      | {"id": "x",                       | 400 | JSON
            missing body      | {"id":"mismatch-1","annotation":{"model":"m"}} | 400 | body
            id mismatch       | {"id":"other","body":"b","annotation":{"model":"m"}} | 400 | differs
            mention without id | {"id":"mismatch-1","body":"b","annotation":{"model":"m","entities":[{"start":0,"end":1,"text":"b","type":"PERSON"}]}} | 400 | entityId
            unknown type      | {"id":"mismatch-1","body":"b","annotation":{"model":"m","entities":[{"start":0,"end":1,"text":"b","type":"ANIMAL","entityId":"x"}]}} | 400 | JSON
            """)
    void badIndexingRequestsAreProblems(String name, String body, int status, String detail) {
        given().contentType(ContentType.JSON).body(body).when().put("/internal/v1/articles/mismatch-1")
                .then().statusCode(status).contentType("application/problem+json")
                .body("detail", containsString(detail));
    }

    @Test
    void badEntityParametersAreProblems() {
        given().when().get("/api/v1/entities?size=-1").then().statusCode(400).contentType("application/problem+json");
        given().when().get("/api/v1/entities?type=ANIMAL").then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("PERSON"));
    }

    @Test
    void requestOverTheBodyLimitIsAProblem() {
        byte[] huge = new byte[21 * 1024 * 1024];
        java.util.Arrays.fill(huge, (byte) ' ');
        given().contentType(ContentType.JSON).body(huge).when().post("/internal/v1/articles/bulk")
                .then().statusCode(413).contentType("application/problem+json")
                .body("detail", containsString("at most"));
    }

    @Test
    void unknownArticleIs404AndWrongMediaTypeIs415() {
        given().when().get("/api/v1/articles/" + UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json");
        given().contentType(ContentType.TEXT).body("hello").when().put("/internal/v1/articles/x").then().statusCode(415)
                .contentType("application/problem+json");
    }

    /** The served OpenAPI document is the contract committed in docs/api/query-service.openapi.json. */
    @Test
    void servesTheCommittedOpenApiContract() {
        dev.dragoman.local.testing.OpenApiContract.assertMatchesCommitted("query-service",
                given().when().get("/q/openapi?format=json").asString());
    }

    @Test
    void healthChecksElasticsearch() {
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.name", hasItem(containsString("Elasticsearch")));
    }
}
