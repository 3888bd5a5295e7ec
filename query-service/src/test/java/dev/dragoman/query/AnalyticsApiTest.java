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
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Facets, sorting, timelines, entity profiles, co-occurrence and export against a real Elasticsearch node. */
@QuarkusTest
@WithTestResource(value = StackTestResource.class, initArgs = @ResourceArg(name = "elasticsearch", value = "true"))
class AnalyticsApiTest {

    /** A real token of the run's Keycloak on every request (Auth: an admin's, or ingest-service's where only it may). */
    @org.junit.jupiter.api.BeforeEach
    void authenticate() {
        io.restassured.RestAssured.requestSpecification = dev.dragoman.local.testing.Auth.spec();
    }

    /** A small story: a spokesman quoted with three presidents over three months, plus unrelated noise. */
    private static String newCorpus() {
        String source = "analytics-" + UUID.randomUUID();
        String suffix = source.substring(10, 18);
        String peskov = "person:peskov-" + suffix;
        for (int i = 0; i < 6; i++) {
            List<Map<String, Object>> entities = new java.util.ArrayList<>(List.of(
                    mention(0, "Peskov", "PERSON", peskov, "Dmitry Peskov"),
                    mention(10, "Putin", "PERSON", "person:putin-" + suffix, "Vladimir Putin"),
                    mention(20, "Istanbul", "LOCATION", "place:istanbul-" + suffix, "Istanbul")));
            if (i % 2 == 0) {
                entities.add(mention(30, "Trump", "PERSON", "person:trump-" + suffix, "Donald Trump"));
            }
            if (i % 3 == 0) {
                entities.add(mention(40, "Kremlin", "ORGANIZATION", "org:kremlin-" + suffix, "Kremlin"));
            }
            index(article(UUID.randomUUID().toString(), source, "Spokesman " + i, "Peskov spoke about talks " + i,
                    String.format("2025-0%d-1%dT10:00:00Z", 2 + i % 3, i), entities));
        }
        for (int i = 0; i < 6; i++) {
            index(article(UUID.randomUUID().toString(), source, "Weather " + i, "Rain over Ankara " + i,
                    "2025-02-0" + (i + 1) + "T10:00:00Z", List.of(
                            mention(0, "Ankara", "LOCATION", "place:ankara-" + suffix, "Ankara"),
                            mention(10, "Putin", "PERSON", "person:putin-" + suffix, "Vladimir Putin"))));
        }
        return source;
    }

    @Test
    void facetsCountArticlesPerEntitySourceAndDate() {
        String source = newCorpus();
        String suffix = source.substring(10, 18);
        given().queryParam("source", source).queryParam("facets", "people,places,organizations")
                .queryParam("facets", "sources").queryParam("facets", "dates").queryParam("interval", "month")
                .queryParam("size", 1)
                .when().get("/api/v1/search").then().statusCode(200)
                .body("total", equalTo(12))
                .body("facets.people[0].value", equalTo("person:putin-" + suffix))
                .body("facets.people[0].count", equalTo(12))
                .body("facets.people[0].name", equalTo("Vladimir Putin"))
                .body("facets.people.value", hasItems("person:peskov-" + suffix, "person:trump-" + suffix))
                .body("facets.places.find { it.value == 'place:ankara-" + suffix + "' }.count", equalTo(6))
                .body("facets.organizations[0].count", equalTo(2))
                .body("facets.sources[0].count", equalTo(12))
                .body("facets.dates.value", contains("2025-02-01", "2025-03-01", "2025-04-01"))
                .body("facets.dates.count", contains(8, 2, 2));
    }

    @Test
    void sortsByDateEitherWayAndFiltersByAnyEntityOrMentionedDate() {
        String source = newCorpus();
        String suffix = source.substring(10, 18);
        List<String> newest = given().queryParam("source", source).queryParam("sort", "newest").queryParam("size", 100)
                .when().get("/api/v1/search").then().statusCode(200).extract().jsonPath().getList("items.publishedAt");
        List<String> oldest = given().queryParam("source", source).queryParam("sort", "oldest").queryParam("size", 100)
                .when().get("/api/v1/search").then().statusCode(200).extract().jsonPath().getList("items.publishedAt");
        assertEquals(newest, newest.stream().sorted(java.util.Comparator.reverseOrder()).toList());
        assertEquals(oldest, oldest.stream().sorted().toList());
        given().queryParam("source", source).queryParam("entity", "person:trump-" + suffix)
                .queryParam("entity", "org:kremlin-" + suffix).queryParam("entityMatch", "any")
                .when().get("/api/v1/search").then().statusCode(200).body("total", equalTo(4));
        given().queryParam("source", source).queryParam("entity", "person:trump-" + suffix)
                .queryParam("entity", "org:kremlin-" + suffix)
                .when().get("/api/v1/search").then().statusCode(200).body("total", equalTo(1));
        // the fixture mentions its own publication day as a date
        given().queryParam("source", source).queryParam("mentionedDate", "2025-02-01")
                .when().get("/api/v1/search").then().statusCode(200).body("total", equalTo(1));
        given().queryParam("source", source).queryParam("mentionedFrom", "2025-02-01").queryParam("mentionedTo", "2025-02-06")
                .when().get("/api/v1/search").then().statusCode(200).body("total", equalTo(6));
    }

    @Test
    void timelinesForAnySearchAndForAnEntity() {
        String source = newCorpus();
        String suffix = source.substring(10, 18);
        given().queryParam("source", source).queryParam("interval", "month").when().get("/api/v1/timeline")
                .then().statusCode(200).body("total", equalTo(12))
                .body("buckets.date", contains("2025-02-01", "2025-03-01", "2025-04-01"))
                .body("buckets.count", contains(8, 2, 2));
        given().queryParam("interval", "week").when().get("/api/v1/entities/person:peskov-" + suffix + "/timeline")
                .then().statusCode(200).body("total", equalTo(6)).body("interval", equalTo("week"))
                .body("buckets.count.sum()", equalTo(6));
    }

    @Test
    void entityProfileAndSignificantCooccurrences() {
        String source = newCorpus();
        String suffix = source.substring(10, 18);
        String peskov = "person:peskov-" + suffix;
        given().when().get("/api/v1/entities/" + peskov).then().statusCode(200)
                .body("name", equalTo("Dmitry Peskov")).body("type", equalTo("PERSON"))
                .body("aliases", hasItem("Peskov")).body("articleCount", equalTo(6))
                .body("firstSeen", startsWith("2025-02-10")).body("lastSeen", startsWith("2025-04-15"))
                .body("topCooccurring[0].id", equalTo("person:putin-" + suffix))
                .body("topCooccurring[0].articleCount", equalTo(6))
                .body("topCooccurring.name", hasItems("Vladimir Putin", "Donald Trump", "Istanbul"));
        given().queryParam("type", "PERSON").when().get("/api/v1/entities/" + peskov + "/cooccurrences")
                .then().statusCode(200).body("articleCount", equalTo(6))
                .body("items.id", hasItems("person:trump-" + suffix, "person:putin-" + suffix))
                .body("items.type", not(hasItem("LOCATION")))
                .body("items[0].score", greaterThan(0f))
                .body("items.find { it.id == 'person:trump-" + suffix + "' }.together", equalTo(3));
        given().queryParam("from", "2025-04-01").when().get("/api/v1/entities/" + peskov + "/cooccurrences")
                .then().statusCode(200).body("articleCount", equalTo(2));
        // answers are cached, but an article indexed here shows up in the next answer at once
        String zelensky = "person:zelensky-" + suffix;
        index(article(UUID.randomUUID().toString(), source, "Spokesman later", "Peskov on Zelensky",
                "2025-04-20T10:00:00Z", List.of(mention(0, "Peskov", "PERSON", peskov, "Dmitry Peskov"),
                        mention(10, "Zelensky", "PERSON", zelensky, "Volodymyr Zelensky"))));
        given().queryParam("type", "PERSON").when().get("/api/v1/entities/" + peskov + "/cooccurrences")
                .then().statusCode(200).body("articleCount", equalTo(7)).body("items.id", hasItem(zelensky));
        given().when().get("/api/v1/entities/person:nobody-" + suffix).then().statusCode(404)
                .contentType("application/problem+json");
        given().when().get("/api/v1/entities/person:nobody-" + suffix + "/cooccurrences").then().statusCode(404);
        given().when().get("/api/v1/entities/person:nobody-" + suffix + "/timeline").then().statusCode(404);
    }

    @Test
    void exportsNdjsonAndCsv() {
        String source = newCorpus();
        String ndjson = given().queryParam("source", source).queryParam("format", "ndjson").when().get("/api/v1/export")
                .then().statusCode(200).contentType(containsString("application/x-ndjson"))
                .extract().asString();
        List<String> lines = ndjson.lines().toList();
        assertEquals(12, lines.size());
        assertEquals(12, lines.stream().map(l -> new io.restassured.path.json.JsonPath(l).getString("id")).distinct().count());
        String csv = given().queryParam("source", source).queryParam("format", "csv").queryParam("q", "Ankara")
                .when().get("/api/v1/export").then().statusCode(200).contentType(containsString("text/csv"))
                .extract().asString();
        List<String> rows = csv.lines().toList();
        assertEquals("id,publishedAt,source,url,title,entities", rows.get(0));
        assertEquals(7, rows.size());
        given().queryParam("format", "xml").when().get("/api/v1/export").then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void sizeTopAndSortParametersAreHonoured() {
        String source = newCorpus();
        String suffix = source.substring(10, 18);
        String peskov = "person:peskov-" + suffix;
        given().queryParam("top", 1).when().get("/api/v1/entities/" + peskov).then().statusCode(200)
                .body("topCooccurring.size()", equalTo(1));
        given().queryParam("size", 1).when().get("/api/v1/entities/" + peskov + "/cooccurrences").then().statusCode(200)
                .body("items.size()", equalTo(1));
        given().queryParam("q", "Peskov").queryParam("size", 1).when().get("/api/v1/entities").then().statusCode(200)
                .body("items.size()", equalTo(1));
        String first = given().queryParam("source", source).queryParam("format", "csv").queryParam("sort", "oldest")
                .when().get("/api/v1/export").then().statusCode(200).extract().asString().lines().skip(1).findFirst()
                .orElseThrow();
        assertTrue(first.contains("2025-02-01"), first);
        given().queryParam("source", source).queryParam("minArticles", 1).queryParam("size", 2)
                .when().get("/api/v1/stories").then().statusCode(200).body("items.size()", equalTo(2));
    }

    @Test
    void parameterLimitsAreProblems() {
        given().queryParam("q", "x".repeat(1001)).when().get("/api/v1/search").then().statusCode(400)
                .body("detail", containsString("limit"));
        var request = given();
        for (int i = 0; i < 21; i++) {
            request.queryParam("entity", "e" + i);
        }
        request.when().get("/api/v1/search").then().statusCode(400).body("detail", containsString("entity"));
        given().queryParam("top", 0).when().get("/api/v1/entities/x").then().statusCode(400);
        given().queryParam("size", 501).when().get("/api/v1/entities").then().statusCode(400);
    }

    @Test
    void badAnalyticsParametersAreProblems() {
        given().queryParam("facets", "colours").when().get("/api/v1/search").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("people"));
        given().queryParam("facets", "dates").queryParam("interval", "fortnight").when().get("/api/v1/search")
                .then().statusCode(400).body("detail", containsString("interval"));
        given().queryParam("sort", "random").when().get("/api/v1/search").then().statusCode(400)
                .body("detail", containsString("sort"));
        given().queryParam("entityMatch", "some").when().get("/api/v1/search").then().statusCode(400);
        given().queryParam("mentionedDate", "Feb 27").when().get("/api/v1/search").then().statusCode(400)
                .body("detail", containsString("mentionedDate"));
        given().queryParam("facetSize", 5000).when().get("/api/v1/search").then().statusCode(400);
        given().queryParam("interval", "hour").when().get("/api/v1/timeline").then().statusCode(400);
        given().when().get("/api/v1/entities/x/cooccurrences?type=PLANET").then().statusCode(400);
    }

}
