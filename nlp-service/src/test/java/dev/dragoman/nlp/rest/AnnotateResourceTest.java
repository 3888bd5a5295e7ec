package dev.dragoman.nlp.rest;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class AnnotateResourceTest {

    static String seed(String prefix) throws Exception {
        Path seeds = Path.of(System.getProperty("dragoman.shared.dir", "../../shared"), "seeds");
        try (var files = Files.list(seeds)) {
            Path file = files.filter(f -> f.getFileName().toString().startsWith(prefix)).findFirst().orElseThrow();
            return Files.readString(file).replaceFirst("^\\s*date \\S+\\s*", "");
        }
    }

    private static Response annotate(String text, String publishedAt) {
        return given().contentType(ContentType.JSON).body(Map.of("text", text, "publishedAt", publishedAt))
                .when().post("/api/v1/annotate");
    }

    @Test
    void tagsLinksAndDatesTheFebruary26Article() throws Exception {
        String text = seed("000");
        Response response = annotate(text, "2025-02-26");
        response.then().statusCode(200)
                .body("model", notNullValue())
                .body("entities.entityId", hasItem("person:sergey-lavrov"))
                .body("entities.entityId", hasItem("place:istanbul"))
                .body("entities.entityId", hasItem("person:vladimir-putin"))
                .body("dates.date", hasItem("2025-02-27"))
                .body("dates.date", hasItem("2025-02-12"));
        List<Map<String, Object>> entities = response.jsonPath().getList("entities");
        for (Map<String, Object> entity : entities) {
            int start = (Integer) entity.get("start");
            int end = (Integer) entity.get("end");
            assertEquals(entity.get("text"), text.substring(start, end), "offsets of " + entity);
        }
        // every "Lavrov" of the article is the one person named in full in its first sentence
        assertTrue(entities.stream().filter(e -> "Lavrov".equals(e.get("text")))
                .allMatch(e -> "person:sergey-lavrov".equals(e.get("entityId"))), entities::toString);
    }

    @Test
    void sergeiAndSergeyAreOnePerson() throws Exception {
        annotate(seed("003"), "2025-02-26").then().statusCode(200)
                .body("entities.entityId", hasItem("person:sergey-lavrov"))
                .body("entities.entityId", hasItem("person:marco-rubio"))
                .body("dates.date", hasItem("2025-02-27"));
        annotate(seed("002"), "2025-05-24").then().statusCode(200)
                .body("entities.entityId", hasItem("person:hakan-fidan"))
                .body("dates.date", hasItem("2025-05-26"));
    }

    @Test
    void kievIsKyivAndDonbassIsDonbas() throws Exception {
        annotate(seed("001"), "2025-05-30").then().statusCode(200)
                .body("entities.entityId", hasItem("place:kyiv"))
                .body("entities.entityId", hasItem("place:donbas"))
                .body("entities.entityId", hasItem("place:luhansk"))
                .body("entities.entityId", hasItem("person:dmitry-peskov"))
                .body("entities.entityId", hasItem("person:volodymyr-zelensky"))
                .body("dates.date", hasItem("2022-02-24"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            empty text           | application/json | {"text":""}                          | 400 | text
            missing body         | application/json | ''                                   | 400 | required
            invalid JSON         | application/json | {"text": "unterminated              | 400 | JSON
            unparsable date      | application/json | {"text":"Hi","publishedAt":"26/02"}  | 400 | publishedAt
            wrong content type   | text/plain       | Lavrov met Fidan.                    | 415 | Content-Type
            """)
    void badInputIsAProblem(String name, String contentType, String body, int status, String detail) {
        given().contentType(contentType).body(body).when().post("/api/v1/annotate")
                .then().statusCode(status)
                .contentType("application/problem+json")
                .body("status", org.hamcrest.Matchers.equalTo(status))
                .body("title", notNullValue())
                .body("detail", containsString(detail));
    }

    @Test
    void tooLongTextIs413() {
        annotate("word ".repeat(110_000), "2025-02-26").then().statusCode(413)
                .contentType("application/problem+json").body("detail", containsString("limit"));
    }

    /** The served OpenAPI document is the contract committed in docs/api/nlp-service.openapi.json. */
    @Test
    void servesTheCommittedOpenApiContract() {
        dev.dragoman.local.testing.OpenApiContract.assertMatchesCommitted("nlp-service",
                given().when().get("/q/openapi?format=json").asString());
    }

    @Test
    void healthAndOpenApiAreServed() {
        given().when().get("/q/health/ready").then().statusCode(200);
        given().when().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths", org.hamcrest.Matchers.hasKey("/api/v1/annotate"));
        given().when().get("/q/metrics").then().statusCode(200).body(containsString("http_server"));
    }
}
