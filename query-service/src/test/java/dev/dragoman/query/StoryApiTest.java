package dev.dragoman.query;

import dev.dragoman.local.testing.StackTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.dragoman.query.QueryApiTest.article;
import static dev.dragoman.query.QueryApiTest.index;
import static dev.dragoman.query.QueryApiTest.mention;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Stories: articles that share most of their main entities within a few days are one story. */
@QuarkusTest
@WithTestResource(value = StackTestResource.class, initArgs = @ResourceArg(name = "elasticsearch", value = "true"))
class StoryApiTest {

    /** A real token of the run's Keycloak on every request (Auth: an admin's, or ingest-service's where only it may). */
    @org.junit.jupiter.api.BeforeEach
    void authenticate() {
        io.restassured.RestAssured.requestSpecification = dev.dragoman.local.testing.Auth.spec();
    }

    private static List<Map<String, Object>> entities(String suffix, String... names) {
        return java.util.Arrays.stream(names).map(n -> mention(0, n, "PERSON", "person:" + n + "-" + suffix, n)).toList();
    }

    private static String storyOf(String id) {
        return given().when().get("/api/v1/articles/" + id).then().statusCode(200).extract().path("storyId");
    }

    @Test
    void sameEntitiesWithinDaysMakeOneStory() {
        String s = UUID.randomUUID().toString().substring(0, 8);
        String source = "stories-" + s;
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        String third = UUID.randomUUID().toString();
        String other = UUID.randomUUID().toString();
        String later = UUID.randomUUID().toString();
        index(article(first, source, "Talks announced", "a", "2025-02-26T08:00:00Z", entities(s, "lavrov", "rubio", "istanbul", "embassy")));
        index(article(second, source, "Talks held", "b", "2025-02-27T08:00:00Z", entities(s, "lavrov", "rubio", "istanbul", "flights")));
        index(article(third, source, "Talks reported", "c", "2025-02-28T08:00:00Z", entities(s, "rubio", "istanbul", "lavrov")));
        index(article(other, source, "Elsewhere", "d", "2025-02-27T08:00:00Z", entities(s, "fidan", "ankara")));
        index(article(later, source, "Months later", "e", "2025-05-27T08:00:00Z", entities(s, "lavrov", "rubio", "istanbul")));

        assertEquals(first, storyOf(first));
        assertEquals(first, storyOf(second));
        assertEquals(first, storyOf(third));
        assertEquals(other, storyOf(other));
        assertNotEquals(first, storyOf(later));

        given().queryParam("source", source).when().get("/api/v1/stories").then().statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].storyId", equalTo(first))
                .body("items[0].articleCount", equalTo(3))
                .body("items[0].title", equalTo("Talks announced"));
        given().queryParam("source", source).queryParam("minArticles", 1).when().get("/api/v1/stories")
                .then().statusCode(200).body("items", hasSize(3));
        given().queryParam("source", source).queryParam("size", 5).when().get("/api/v1/search")
                .then().statusCode(200).body("items.find { it.id == '" + second + "' }.storyId", equalTo(first));
        given().queryParam("minArticles", 0).when().get("/api/v1/stories").then().statusCode(400);
    }

    /** Entity mentions with counts: "person:donald-trump*3" is three mentions. */
    private static List<Map<String, Object>> gold(String... ids) {
        List<Map<String, Object>> mentions = new java.util.ArrayList<>();
        for (String id : ids) {
            String[] parts = id.split("\\*");
            int count = parts.length > 1 ? Integer.parseInt(parts[1]) : 1;
            String type = parts[0].startsWith("person:") ? "PERSON" : parts[0].startsWith("place:") ? "LOCATION" : "ORGANIZATION";
            for (int i = 0; i < count; i++) {
                mentions.add(mention(0, parts[0], type, parts[0], parts[0]));
            }
        }
        return mentions;
    }

    /**
     * The three seed articles on the February 27 Istanbul talks (000, 003, 004 of ../shared/seeds, with the entities
     * nlp-service links in them), indexed latest first: one story id, which every member carries; the May article
     * (002) is another story. Each article is its own call, as the pipeline indexes them.
     */
    @Test
    void theFebruary27SeedArticlesShareOneStoryInAnyOrder() {
        String s = UUID.randomUUID().toString().substring(0, 8);
        String source = "seeds-" + s;
        String seed000 = "000-" + s;
        String seed003 = "003-" + s;
        String seed004 = "004-" + s;
        String seed002 = "002-" + s;
        index(article(seed004, source, "Russia, US to hold talks in Istanbul", "a", "2025-02-28T00:00:00Z",
                gold("person:donald-trump*2", "person:vladimir-putin*2", "place:istanbul*2", "place:russia*3",
                        "place:united-states*3", "place:ukraine", "place:saudi-arabia", "place:turkey",
                        "org:state-department*2", "org:european-union")));
        index(article(seed003, source, "US and Russia talks in Istanbul", "b", "2025-02-26T12:00:00Z",
                gold("person:sergey-lavrov*2", "person:marco-rubio*2", "person:donald-trump*2", "place:istanbul*2",
                        "place:russia*2", "place:united-states*2", "person:vladimir-putin", "place:ukraine",
                        "place:kyiv", "org:kyiv-independent")));
        index(article(seed000, source, "Russia-US consultations in Istanbul on February 27", "c",
                "2025-02-26T00:00:00Z", gold("person:sergey-lavrov*3", "place:istanbul*2", "place:russia*2",
                        "place:united-states*2", "person:donald-trump", "person:marco-rubio", "person:vladimir-putin",
                        "place:moscow", "org:tass")));
        index(article(seed002, source, "Fidan to visit Moscow", "d", "2025-05-24T00:00:00Z",
                gold("person:hakan-fidan*2", "person:sergey-lavrov", "place:moscow", "place:istanbul",
                        "person:volodymyr-zelensky", "place:turkey")));
        String story = storyOf(seed004);
        assertEquals(story, storyOf(seed003));
        assertEquals(story, storyOf(seed000));
        assertNotEquals(story, storyOf(seed002));
        given().queryParam("source", source).when().get("/api/v1/stories").then().statusCode(200)
                .body("items", hasSize(1)).body("items[0].storyId", equalTo(story))
                .body("items[0].articleCount", equalTo(3));
    }

    @Test
    void aBridgingArticleMergesTwoStoriesAndEveryMemberCarriesTheSurvivingId() {
        // two members each: the story whose first article came first survives; every member says so
        bridged("bridge-", List.of("2025-03-01T08:00:00Z", "2025-03-02T08:00:00Z"),
                List.of("2025-03-01T12:00:00Z", "2025-03-02T12:00:00Z"), "a");
    }

    /** Union by size: the smaller story moves into the larger, even when its first article came earlier. */
    @Test
    void theLargerStoryKeepsItsIdWhenABridgingArticleMergesItWithAnEarlierSmallerOne() {
        // three members against two: the two move, although the first of them was published first
        bridged("larger-", List.of("2025-03-01T08:00:00Z", "2025-03-02T08:00:00Z", "2025-03-02T10:00:00Z"),
                List.of("2025-03-01T06:00:00Z", "2025-03-02T12:00:00Z"), "a");
    }

    /**
     * Story a (ceasefire talks, published at aDates) and story b (an energy truce, at bDates), then an article naming
     * the main entities of both: every member ends with the first article of story {@code survivor}.
     */
    private void bridged(String prefix, List<String> aDates, List<String> bDates, String survivor) {
        String s = UUID.randomUUID().toString().substring(0, 8);
        String source = prefix + s;
        List<String> members = new java.util.ArrayList<>();
        for (String story : List.of("a", "b")) {
            List<String> dates = story.equals("a") ? aDates : bDates;
            List<Map<String, Object>> entities = story.equals("a") ? entities(s, "witkoff", "dmitriev")
                    : entities(s, "sybiha", "kellogg");
            for (int i = 0; i < dates.size(); i++) {
                String id = story + (i + 1) + "-" + s;
                index(article(id, source, "Story " + story + ", report " + (i + 1), story, dates.get(i), entities));
                members.add(id);
                assertEquals(story + "1-" + s, storyOf(id), id);
            }
        }
        String bridge = "bridge-" + s;
        index(article(bridge, source, "Both tracks meet", "c", "2025-03-03T08:00:00Z",
                entities(s, "witkoff", "dmitriev", "sybiha", "kellogg")));
        members.add(bridge);
        for (String id : members) {
            assertEquals(survivor + "1-" + s, storyOf(id), id);
        }
        given().queryParam("source", source).when().get("/api/v1/stories").then().statusCode(200)
                .body("items", hasSize(1)).body("items[0].articleCount", equalTo(members.size()));
    }

    @Test
    void oneBulkMakesItsStoriesAtOnce() {
        String s = UUID.randomUUID().toString().substring(0, 8);
        String source = "bulk-" + s;
        List<Map<String, Object>> docs = List.of(
                article("x2-" + s, source, "Second", "b", "2025-04-02T08:00:00Z", entities(s, "umerov", "medinsky", "fidan")),
                article("x1-" + s, source, "First", "a", "2025-04-01T08:00:00Z", entities(s, "umerov", "medinsky")),
                article("y1-" + s, source, "Unrelated", "c", "2025-04-01T09:00:00Z", entities(s, "carney", "poilievre")));
        given().contentType(io.restassured.http.ContentType.JSON).body(docs).when().post("/internal/v1/articles/bulk")
                .then().statusCode(200);
        assertEquals("x1-" + s, storyOf("x2-" + s));
        assertEquals("x1-" + s, storyOf("x1-" + s));
        assertEquals("y1-" + s, storyOf("y1-" + s));
    }

    @jakarta.inject.Inject
    dev.dragoman.query.repository.StoryMerges merges;

    /**
     * Placing never waits for a refresh: while the index still shows an absorbed story's members under its old id,
     * an article that links to them joins the story that absorbed it (the merge record is read in real time).
     */
    @Test
    void anArticleLinkingToAMergedStorysOldIdJoinsTheSurvivor() {
        String s = UUID.randomUUID().toString().substring(0, 8);
        String source = "stories-" + s;
        String old = UUID.randomUUID().toString();
        String survivor = "story-" + s;
        String later = UUID.randomUUID().toString();
        index(article(old, source, "Talks announced", "a", "2025-02-26T08:00:00Z", entities(s, "lavrov", "rubio", "istanbul")));
        assertEquals(old, storyOf(old));
        // the story of `old` was merged into another one a moment ago; its member does not show the new id yet
        merges.record(Map.of(old, survivor, survivor + "-gone", "never-read"));
        index(article(later, source, "Talks held", "b", "2025-02-27T08:00:00Z", entities(s, "lavrov", "rubio", "istanbul")));
        assertEquals(survivor, storyOf(later));
        // chains are followed to their end, unknown ids stay themselves
        merges.record(Map.of(survivor, survivor + "-2"));
        assertEquals(Map.of(old, survivor + "-2", "unmerged-" + s, "unmerged-" + s),
                merges.resolve(List.of(old, "unmerged-" + s)));
    }

    @jakarta.inject.Inject
    co.elastic.clients.elasticsearch.ElasticsearchClient elasticsearch;

    @jakarta.inject.Inject
    dev.dragoman.query.service.IndexAdmin indexAdmin;

    /** An article as placement leaves it when it saw nothing to join: its own story, written straight to the index. */
    private void writeUnplaced(String id, String source, String published, String suffix, String... names) throws Exception {
        List<Map<String, Object>> stored = java.util.Arrays.stream(names).map(n -> Map.<String, Object>of(
                "id", "person:" + n + "-" + suffix, "name", n, "type", "PERSON", "aliases", List.of(n), "mentions", 1))
                .toList();
        Map<String, Object> document = new java.util.HashMap<>(Map.of("id", id, "title", "t " + id, "body", "b",
                "publishedAt", published, "source", source, "storyId", id, "indexedAt", java.time.Instant.now().toString(),
                "entityIds", stored.stream().map(e -> e.get("id")).toList(), "entities", stored));
        elasticsearch.index(i -> i.index(indexAdmin.alias()).id(id).document(document)
                .refresh(co.elastic.clients.elasticsearch._types.Refresh.True));
    }

    /**
     * Articles indexed at the same moment by separate calls (two replicas, two bulks in flight) cannot see each
     * other when they are placed, so each starts its own story; the next reconciliation round joins them from what
     * it re-reads — and leaves an unrelated article of the same moment alone.
     */
    @Test
    void articlesPlacedWithoutSeeingEachOtherAreJoinedByTheNextRound() throws Exception {
        String s = UUID.randomUUID().toString().substring(0, 8);
        String source = "unseen-" + s;
        String early = "u1-" + s;
        String late = "u2-" + s;
        String unrelated = "u3-" + s;
        writeUnplaced(late, source, "2025-06-02T08:00:00Z", s, "sikorski", "tusk", "kallas");
        writeUnplaced(early, source, "2025-06-01T08:00:00Z", s, "sikorski", "tusk");
        writeUnplaced(unrelated, source, "2025-06-01T09:00:00Z", s, "albanese", "marles");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() -> {
            assertEquals(early, storyOf(late));
            assertEquals(early, storyOf(early));
        });
        assertEquals(unrelated, storyOf(unrelated));
    }

    /**
     * Two placements running at once (two replicas) can merge two stories into each other: A into B and B into A,
     * each moving the other's members. Resolving ends such a cycle at its smallest id for every reader, and the next
     * placement that meets it moves the members of both there and cuts the cycle.
     */
    @Test
    void storiesMergedIntoEachOtherEndAsOneStory() throws Exception {
        String s = UUID.randomUUID().toString().substring(0, 8);
        String source = "cycle-" + s;
        String a = "c1-" + s;
        String b = "c2-" + s;
        writeUnplaced(a, source, "2025-07-01T08:00:00Z", s, "fico", "orban", "vucic");
        writeUnplaced(b, source, "2025-07-01T09:00:00Z", s, "meloni", "tajani", "crosetto");
        merges.record(Map.of(a, b));
        merges.record(Map.of(b, a));
        assertEquals(Map.of(a, a, b, a, "d-" + s, "d-" + s), merges.resolve(List.of(a, b, "d-" + s)));
        assertEquals(Map.of(b, a), merges.resolveAll(List.of(b)).cycles());
        // a chain that runs into a cycle ends where the cycle does
        merges.record(Map.of("e-" + s, b));
        assertEquals(a, merges.resolve(List.of("e-" + s)).get("e-" + s));

        // an article linking to b's members is placed: b's member moves to the story the cycle resolves to
        String later = "c3-" + s;
        index(article(later, source, "Summit", "x", "2025-07-02T08:00:00Z", entities(s, "meloni", "tajani")));
        assertEquals(a, storyOf(later));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() -> {
            assertEquals(a, storyOf(b));
            assertEquals(a, storyOf(a));
        });
        // and the cycle is cut: a resolves to itself without meeting it again
        assertEquals(Map.of(), merges.resolveAll(List.of(a, b)).cycles());
        assertEquals(Map.of(a, a, b, a), merges.resolve(List.of(a, b)));
    }
}
