package dev.dragoman.query;

import dev.dragoman.local.testing.StackTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.dragoman.query.QueryApiTest.mention;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

/** Quotes by speaker and events by participant, place, type and date, against a real Elasticsearch node. */
@QuarkusTest
@WithTestResource(value = StackTestResource.class, initArgs = @ResourceArg(name = "elasticsearch", value = "true"))
class QuoteEventApiTest {

    /** A real token of the run's Keycloak on every request (Auth: an admin's, or ingest-service's where only it may). */
    @org.junit.jupiter.api.BeforeEach
    void authenticate() {
        io.restassured.RestAssured.requestSpecification = dev.dragoman.local.testing.Auth.spec();
    }

    @Test
    void quotesBySpeakerIdOrAliasAndEventsByParticipantPlaceTypeAndDate() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String peskov = "person:peskov-" + suffix;
        String istanbul = "place:istanbul-" + suffix;
        String body = "Peskov spoke. The delegations will meet in Istanbul on Monday.";
        String id = UUID.randomUUID().toString();
        Map<String, Object> doc = Map.of("id", id, "title", "Delegations", "body", body,
                "publishedAt", "2025-05-30T10:00:00Z", "source", "quotes-test",
                "annotation", Map.of("model", "test",
                        "entities", List.of(mention(0, "Peskov", "PERSON", peskov, "Dmitry Peskov"),
                                mention(40, "Istanbul", "LOCATION", istanbul, "Istanbul")),
                        "quotes", List.of(Map.of("start", 0, "end", 12, "text", "Nothing will be made public",
                                "speakerId", peskov, "speakerName", "Dmitry Peskov")),
                        "events", List.of(Map.of("type", "MEETING", "start", 14, "end", body.length(),
                                "trigger", "meet", "participants", List.of(peskov), "placeId", istanbul,
                                "date", "2025-06-02"))));
        given().contentType(ContentType.JSON).body(doc).when().put("/internal/v1/articles/" + id).then().statusCode(200);

        for (String speaker : List.of(peskov, "Peskov", "dmitry peskov")) {
            given().queryParam("speaker", speaker).when().get("/api/v1/quotes").then().statusCode(200)
                    .body("items.text", hasItem("Nothing will be made public"))
                    .body("items[0].speakerName", equalTo("Dmitry Peskov"))
                    .body("items[0].articleId", equalTo(id));
        }
        given().queryParam("speaker", peskov).queryParam("q", "public").when().get("/api/v1/quotes")
                .then().statusCode(200).body("articles", equalTo(1));
        given().queryParam("speaker", peskov).queryParam("from", "2025-05-30").queryParam("to", "2025-05-30")
                .queryParam("size", 1).when().get("/api/v1/quotes").then().statusCode(200).body("articles", equalTo(1));
        given().queryParam("speaker", peskov).queryParam("from", "2025-06-01").when().get("/api/v1/quotes")
                .then().statusCode(200).body("articles", equalTo(0));
        given().queryParam("speaker", peskov).queryParam("q", "weather").when().get("/api/v1/quotes")
                .then().statusCode(200).body("articles", equalTo(0));

        given().queryParam("place", "Istanbul").queryParam("entity", peskov).when().get("/api/v1/events")
                .then().statusCode(200)
                .body("items.find { it.articleId == '" + id + "' }.type", equalTo("MEETING"))
                .body("items.find { it.articleId == '" + id + "' }.date", equalTo("2025-06-02"))
                .body("items.find { it.articleId == '" + id + "' }.sentence", containsString("meet in Istanbul"));
        given().queryParam("entity", peskov).queryParam("from", "2025-06-01").queryParam("to", "2025-06-03")
                .queryParam("type", "meeting").when().get("/api/v1/events").then().statusCode(200)
                .body("articles", equalTo(1));
        given().queryParam("entity", peskov).queryParam("from", "2025-07-01").when().get("/api/v1/events")
                .then().statusCode(200).body("articles", equalTo(0)).body("nextCursor", nullValue());

        given().when().get("/api/v1/entities/" + peskov).then().statusCode(200)
                .body("recentQuotes[0].text", equalTo("Nothing will be made public"));

        given().queryParam("type", "PARTY").when().get("/api/v1/events").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("MEETING"));
        given().queryParam("from", "June").when().get("/api/v1/events").then().statusCode(400);
        given().queryParam("cursor", "nope").when().get("/api/v1/quotes").then().statusCode(400);
    }
}
