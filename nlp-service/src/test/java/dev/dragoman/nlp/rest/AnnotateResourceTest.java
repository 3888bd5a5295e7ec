package dev.dragoman.nlp.rest;

import dev.dragoman.local.testing.StackTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(value = StackTestResource.class, initArgs = @ResourceArg(name = "database", value = "nlp_test"))
class AnnotateResourceTest {

    /** A real token of the run's Keycloak on every request (Auth: an admin's, or ingest-service's where only it may). */
    @org.junit.jupiter.api.BeforeEach
    void authenticate() {
        io.restassured.RestAssured.requestSpecification = dev.dragoman.local.testing.Auth.spec();
    }

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

    /**
     * The language detector builds a trace line per n-gram when its logger allows trace (a third of annotate's time
     * where logging is unconfigured): the service's logging keeps that off.
     */
    @Test
    void theLanguageDetectorDoesNotTrace() {
        assertFalse(org.slf4j.LoggerFactory.getLogger(com.optimaize.langdetect.LanguageDetectorImpl.class)
                .isTraceEnabled());
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

    /**
     * Gold, written from the five seed articles: their people, places and organisations, each with the forms that
     * name it in that article. Every such mention must carry the entity's one id. 002 goes first: it names
     * Zelensky by surname only, before any article names him in full, and the reference knowledge base still links
     * him (a head of state in office); its "Putin" the tagger calls MISC and its "Bloomberg" a place are still the
     * person and the company.
     */
    @Test
    void eachSeedLinksItsPeoplePlacesAndOrganisationsToOneIdEach() throws Exception {
        Map<String, String> dates = Map.of("000", "2025-02-26", "001", "2025-05-30", "002", "2025-05-24",
                "003", "2025-02-26", "004", "2025-02-28");
        Map<String, List<String>> gold = Map.of(
                "000", List.of("person:sergey-lavrov=Sergey Lavrov;Lavrov", "person:donald-trump=Donald Trump;Trump",
                        "person:marco-rubio=Marco Rubio", "person:vladimir-putin=Vladimir Putin",
                        "place:istanbul=Istanbul", "place:moscow=Moscow", "place:qatar=Qatar",
                        "place:russia=Russia", "place:saudi-arabia=Saudi Arabia", "place:ukraine=Ukraine",
                        "place:united-states=US", "place:washington=Washington", "org:tass=TASS", "org:xinhua=Xinhua"),
                "001", List.of("person:dmitry-peskov=Dmitry Peskov;Peskov;Kremlin spokesman",
                        "person:donald-trump=Donald Trump;Trump", "person:vladimir-putin=Vladimir Putin;Putin",
                        "person:volodymyr-zelensky=Volodymyr Zelensky;Zelensky", "place:kyiv=Kiev",
                        "place:donbas=Donbass", "place:luhansk=Lugansk", "place:donetsk=Donetsk",
                        "place:istanbul=Istanbul", "place:moscow=Moscow", "place:russia=Russia", "place:ukraine=Ukraine"),
                "003", List.of("person:donald-trump=Donald Trump;Trump", "person:marco-rubio=Marco Rubio;Rubio",
                        "person:sergey-lavrov=Sergei Lavrov;Lavrov", "person:vladimir-putin=Vladimir Putin",
                        "person:volodymyr-zelensky=Volodymyr Zelensky", "place:istanbul=Istanbul", "place:kyiv=Kyiv",
                        "place:moscow=Moscow", "place:russia=Russia", "place:saudi-arabia=Saudi Arabia",
                        "place:ukraine=Ukraine", "place:united-states=U.S.;United States", "place:washington=Washington",
                        "org:kyiv-independent=Kyiv Independent"),
                "004", List.of("person:donald-trump=Donald Trump;Trump", "person:vladimir-putin=Vladimir Putin;Putin",
                        "place:istanbul=Istanbul", "place:russia=Russia", "place:saudi-arabia=Saudi Arabia",
                        "place:turkey=Turkey", "place:ukraine=Ukraine", "place:united-kingdom=Britain",
                        "place:united-states=U.S.;United States", "org:european-union=European Union",
                        "org:state-department=State Department;U.S. State Department"),
                "002", List.of("person:hakan-fidan=Hakan Fidan;Fidan", "person:sergey-lavrov=Lavrov",
                        "person:volodymyr-zelensky=Zelensky",
                        "person:rustem-umerov=Rustem Umerov", "person:vladimir-medinsky=Vladimir Medinsky",
                        "place:istanbul=Istanbul", "place:kyiv=Kyiv", "place:moscow=Moscow", "place:russia=Russia",
                        "place:ukraine=Ukraine", "place:syria=Syria", "person:vladimir-putin=Putin",
                        "org:bloomberg=Bloomberg"));
        for (String seed : List.of("002", "000", "003", "004", "001")) {
            List<Map<String, Object>> entities = annotate(seed(seed), dates.get(seed)).then().statusCode(200)
                    .extract().jsonPath().getList("entities");
            for (String line : gold.get(seed)) {
                String id = line.substring(0, line.indexOf('='));
                List<String> forms = List.of(line.substring(line.indexOf('=') + 1).split(";"));
                List<Map<String, Object>> named = entities.stream().filter(e -> forms.contains(e.get("text"))).toList();
                assertTrue(!named.isEmpty(), "seed " + seed + ": no mention of " + id + " as " + forms);
                for (Map<String, Object> mention : named) {
                    assertEquals(id, mention.get("entityId"), "seed " + seed + ": " + mention);
                }
            }
        }
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
