package dev.dragoman.e2e;

import dev.dragoman.local.Backends;
import dev.dragoman.local.ServiceProcess;
import dev.dragoman.local.SharedBackends;
import dev.dragoman.local.Suite;
import dev.dragoman.local.testing.Auth;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 11's order independence across articles, end to end: an article that names a person by an unusual surname
 * alone is linked to an entity of its own; a later article names her in full. Without anyone asking, the first
 * article is tagged and indexed again and ends with the full name's entity (KbChangeFollower in ingest-service
 * following nlp-service's knowledge-base changes), on two ingest-service replicas that share the work: each article is
 * requeued once for the change, and tagging them again makes no further change.
 */
class RelinkTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final String FULL_NAME_ID = "person:adaeze-okonkwo-brandt";

    @BeforeEach
    void authenticate() {
        io.restassured.RestAssured.requestSpecification = Auth.spec("reader");
    }

    @Test
    void anEarlierArticleIsRelinkedByItselfWhenALaterOneNamesThePersonInFull() throws Exception {
        Backends backends = SharedBackends.get();
        String name = "relink";
        Map<String, String> extra = Map.of("DRAGOMAN_INGEST_PIPELINE_POLL_INTERVAL", "200ms",
                "DRAGOMAN_INGEST_RELINK_INTERVAL", "1s");
        try (Suite suite = Suite.start(E2e.projectDir(), backends, Suite.Ports.free(), name,
                E2e.projectDir().resolve("deploy/e2e/target/service-logs/" + name), extra);
             ServiceProcess replica = Suite.service(E2e.projectDir(), "ingest-service", Suite.Ports.free().ingest(),
                     Suite.ingestEnvironment(backends, name, suite.nlp().port(), suite.query().port(),
                             Suite.commonEnvironment(extra)), E2e.serviceLog(name + "/ingest-service-2.log"))) {
            replica.start(Duration.ofMinutes(3));
            String ingest = suite.ingest().url();
            String query = suite.query().url();

            // (the tagger takes this lone surname for a person: one article naming her in full then links it)
            String first = submit(ingest, "Port chief Okonkwo-Brandt said on Tuesday that she expects the port of "
                    + "Lagos to reopen within a month.\n\nReference " + UUID.randomUUID() + ".");
            awaitIndexed(ingest, first);
            String before = entityOf(query, first);
            assertNotEquals(FULL_NAME_ID, before, "the surname alone cannot name her yet");

            String second = submit(replica.url(), "Adaeze Okonkwo-Brandt, who heads the port authority, visited "
                    + "Lagos on Monday. Okonkwo-Brandt said the port would reopen within a month.\n\nReference "
                    + UUID.randomUUID() + ".");
            awaitIndexed(replica.url(), second);
            assertEquals(FULL_NAME_ID, entityOf(query, second));

            // no reannotate call: the first article is requeued, tagged and indexed again by itself
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                assertEquals(FULL_NAME_ID, entityOf(query, first));
                assertEquals("INDEXED", article(ingest, first).getString("status"));
            });
            // search is near real time: the re-indexed copy is found once the index refreshes (the get above is not)
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                List<String> found = given().queryParam("entity", FULL_NAME_ID).queryParam("size", 20)
                        .when().get(query + "/api/v1/search").then().statusCode(200).extract().jsonPath()
                        .getList("items.id");
                assertTrue(found.containsAll(List.of(first, second)), "entity=" + FULL_NAME_ID + " finds " + found);
            });
            List<String> why = relinks(ingest, first);
            assertEquals(1, why.size(), "requeued once for the change, whichever replica followed it: " + why);
            assertTrue(why.get(0).startsWith("knowledge base changed: ") && why.get(0).contains("okonkwo-brandt"),
                    why.get(0));

            // tagging them again taught nothing new: no further rounds send them back (five rounds of each replica)
            await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .until(() -> relinks(ingest, first).size() == 1 && relinks(ingest, second).size() <= 1
                            && "INDEXED".equals(article(ingest, first).getString("status")));
        }
    }

    private static String submit(String ingest, String text) {
        return given().header("Authorization", Auth.bearer("writer")).contentType("text/plain; charset=UTF-8")
                .body(text).when().post(ingest + "/api/v1/articles").then().statusCode(202).extract().path("id");
    }

    private static JsonPath article(String ingest, String id) {
        return given().when().get(ingest + "/api/v1/articles/" + id).then().statusCode(200).extract().jsonPath();
    }

    private static void awaitIndexed(String ingest, String id) {
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200))
                .until(() -> "INDEXED".equals(article(ingest, id).getString("status")));
    }

    /** The entity id of the article's "Okonkwo-Brandt" mention, as indexed. */
    private static String entityOf(String query, String id) {
        List<Map<String, Object>> entities = given().when().get(query + "/api/v1/articles/" + id).then()
                .statusCode(200).extract().jsonPath().getList("annotation.entities");
        return entities.stream().filter(e -> "Okonkwo-Brandt".equals(e.get("text")))
                .map(e -> (String) e.get("entityId")).findFirst()
                .orElseThrow(() -> new AssertionError("no lone Okonkwo-Brandt in " + entities));
    }

    /** The article's history rows that requeued it for a knowledge-base change, their details. */
    private static List<String> relinks(String ingest, String id) {
        return article(ingest, id).getList("history.findAll { it.type == 'REANNOTATE' }.detail");
    }
}
