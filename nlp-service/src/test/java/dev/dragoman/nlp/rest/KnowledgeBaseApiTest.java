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

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The knowledge base against a real PostgreSQL: names learnt from articles, curated entities and aliases, merges and
 * splits, each seen in what the annotate API answers afterwards. Each test uses people and bodies of its own, so the
 * tests hold in any order.
 */
@QuarkusTest
@WithTestResource(value = StackTestResource.class, initArgs = @ResourceArg(name = "database", value = "nlp_test"))
class KnowledgeBaseApiTest {

    /** A real token of the run's Keycloak on every request (Auth: an admin's, or ingest-service's where only it may). */
    @org.junit.jupiter.api.BeforeEach
    void authenticate() {
        io.restassured.RestAssured.requestSpecification = dev.dragoman.local.testing.Auth.spec();
    }

    static Response annotate(String text) {
        return given().contentType(ContentType.JSON).body(Map.of("text", text, "publishedAt", "2025-03-03"))
                .when().post("/api/v1/annotate");
    }

    /** The entity id of the mention with exactly this text. */
    static String idOf(Response annotation, String text) {
        List<Map<String, Object>> entities = annotation.then().statusCode(200).extract().jsonPath().getList("entities");
        return entities.stream().filter(e -> text.equals(e.get("text"))).map(e -> (String) e.get("entityId"))
                .findFirst().orElseThrow(() -> new AssertionError("no mention '" + text + "' in " + entities));
    }

    @Test
    void taggingOneArticleAgainLeavesTheCountsAsAfterTheFirstTime() {
        String text = "Mykola Zhuravets, the mayor of Uzhhorod, met Ivana Perebyinis in Uzhhorod on Monday. "
                + "Zhuravets said the bridge would open in May.";
        Map<String, Object> request = Map.of("text", text, "publishedAt", "2025-03-03", "articleId", "kb-idempotent-1");
        given().contentType(ContentType.JSON).body(request).when().post("/api/v1/annotate").then().statusCode(200);
        Response first = given().when().get("/api/v1/entities/person:mykola-zhuravets");
        first.then().statusCode(200).body("articles", equalTo(1));
        long mentions = first.jsonPath().getLong("mentions");
        long observations = first.jsonPath().getLong("aliases.find { it.key == 'zhuravets' }.observations");
        for (int i = 0; i < 2; i++) { // a retry, then a reannotation
            given().contentType(ContentType.JSON).body(request).when().post("/api/v1/annotate").then().statusCode(200);
        }
        given().when().get("/api/v1/entities/person:mykola-zhuravets").then().statusCode(200)
                .body("articles", equalTo(1))
                .body("mentions", equalTo((int) mentions))
                .body("aliases.find { it.key == 'zhuravets' }.observations", equalTo((int) observations));
        // another article does count
        given().contentType(ContentType.JSON).body(Map.of("text", "Mayor Mykola Zhuravets opened the bridge. Zhuravets thanked the builders.",
                "publishedAt", "2025-05-03", "articleId", "kb-idempotent-2")).when().post("/api/v1/annotate")
                .then().statusCode(200);
        given().when().get("/api/v1/entities/person:mykola-zhuravets").then().statusCode(200)
                .body("articles", equalTo(2))
                .body("aliases.find { it.key == 'zhuravets' }.observations", equalTo((int) observations + 1));
    }

    @jakarta.inject.Inject
    jakarta.persistence.EntityManager em;

    /** V7: the rows of what each article taught are written without a foreign-key lookup per row. */
    @Test
    @jakarta.transaction.Transactional
    void whatArticlesTaughtIsWrittenWithoutForeignKeyLookups() {
        Number checked = (Number) em.createNativeQuery("""
                select count(*) from pg_constraint where contype = 'f'
                  and conrelid in ('kb_article_entity'::regclass, 'kb_article_alias'::regclass)""").getSingleResult();
        Number indexed = (Number) em.createNativeQuery("""
                select count(*) from pg_indexes
                where indexname in ('kb_article_entity_entity', 'kb_article_alias_entity')""").getSingleResult();
        assertEquals(0, checked.intValue(), "foreign keys on kb_article_entity / kb_article_alias");
        assertEquals(0, indexed.intValue(), "indexes by entity on kb_article_entity / kb_article_alias");
        Number kept = (Number) em.createNativeQuery("""
                select count(*) from pg_constraint where contype = 'f' and conrelid = 'kb_alias'::regclass""")
                .getSingleResult();
        assertEquals(1, kept.intValue(), "kb_alias keeps its foreign key to kb_entity (curated names need an entity)");
    }

    @Test
    void aSurnameAloneIsLinkedByWhatEarlierArticlesTaught() {
        // two articles name her in full: enough for a lone surname, even one the tagger takes for an organisation
        assertEquals("person:oksana-brevnova", idOf(annotate("Ukrainian Finance Minister Oksana Brevnova met bankers "
                + "in Lviv on Monday. Brevnova said the talks went well."), "Brevnova"));
        assertEquals("person:oksana-brevnova", idOf(annotate("Oksana Brevnova presented the budget to parliament. "
                + "Brevnova said it would hold."), "Brevnova"));
        // an article that never names her in full
        assertEquals("person:oksana-brevnova", idOf(annotate("The budget is ready, Brevnova told reporters in Kyiv."),
                "Brevnova"));
        given().when().get("/api/v1/entities/person:oksana-brevnova").then().statusCode(200)
                .body("name", equalTo("Oksana Brevnova")).body("type", equalTo("PERSON"))
                .body("articles", greaterThanOrEqualTo(1))
                .body("aliases.find { it.key == 'brevnova' }.origin", equalTo("LEARNED"))
                .body("aliases.find { it.key == 'brevnova' }.observations", greaterThanOrEqualTo(1));
        given().queryParam("q", "brev").when().get("/api/v1/entities").then().statusCode(200)
                .body("id", hasItem("person:oksana-brevnova"));
    }

    @Test
    void aCuratedAliasLinksFromTheNextArticleOn() {
        given().contentType(ContentType.JSON).body(Map.of("type", "PERSON", "name", "Taras Hlibenko"))
                .when().post("/api/v1/entities").then().statusCode(201)
                .header("Location", containsString("/api/v1/entities/person:taras-hlibenko"));
        assertEquals("person:batko-hlib", idOf(annotate("Batko Hlib addressed the crowd in Kharkiv."), "Batko Hlib"));
        given().contentType(ContentType.JSON).body(Map.of("alias", "Batko Hlib"))
                .when().post("/api/v1/entities/person:taras-hlibenko/aliases").then().statusCode(200)
                .body("aliases.find { it.key == 'batko hlib' }.origin", equalTo("CURATED"));
        Response again = annotate("Batko Hlib addressed the crowd in Kharkiv.");
        assertEquals("person:taras-hlibenko", idOf(again, "Batko Hlib"));
        again.then().body("entities.find { it.text == 'Batko Hlib' }.canonicalName", equalTo("Taras Hlibenko"));
        given().contentType(ContentType.JSON).body(Map.of("type", "PERSON", "name", "Taras Hlibenko"))
                .when().post("/api/v1/entities").then().statusCode(409).contentType("application/problem+json");
    }

    @Test
    void aMergedEntityLinksToTheOneThatRemains() {
        assertEquals("person:yevhen-sobko", idOf(annotate("Yevhen Sobko spoke in Odesa on Monday."), "Yevhen Sobko"));
        assertEquals("person:yevgeny-sobko", idOf(annotate("Yevgeny Sobko spoke in Odesa on Monday."), "Yevgeny Sobko"));
        java.time.Instant before = java.time.Instant.now().minusSeconds(1);
        given().header("Authorization", dev.dragoman.local.testing.Auth.bearer("curator"))
                .contentType(ContentType.JSON).body(Map.of("into", "person:yevhen-sobko"))
                .when().post("/api/v1/entities/person:yevgeny-sobko/merge").then().statusCode(200)
                .body("id", equalTo("person:yevhen-sobko")).body("mergedFrom", hasItem("person:yevgeny-sobko"))
                .body("aliases.key", hasItem("yevgeny sobko"));
        // the curation log says who merged what, and when; a reader may neither merge nor read the log
        given().queryParam("since", before.toString()).when().get("/api/v1/entities/curation").then().statusCode(200)
                .body("find { it.action == 'merge' && it.entityId == 'person:yevgeny-sobko' }.actor", equalTo("curator"))
                .body("find { it.action == 'merge' && it.entityId == 'person:yevgeny-sobko' }.detail",
                        equalTo("into person:yevhen-sobko"))
                .body("find { it.action == 'merge' && it.entityId == 'person:yevgeny-sobko' }.at", notNullValue());
        String reader = dev.dragoman.local.testing.Auth.bearer("reader");
        given().header("Authorization", reader).when().get("/api/v1/entities/curation").then().statusCode(403)
                .contentType("application/problem+json");
        given().header("Authorization", reader).contentType(ContentType.JSON).body(Map.of("into", "person:x"))
                .when().post("/api/v1/entities/person:yevhen-sobko/merge").then().statusCode(403);
        given().header(dev.dragoman.local.testing.Auth.ANONYMOUS, "yes").when().get("/api/v1/entities")
                .then().statusCode(401).contentType("application/problem+json").header("WWW-Authenticate", "Bearer");
        Response after = annotate("Yevgeny Sobko spoke again on Tuesday.");
        assertEquals("person:yevhen-sobko", idOf(after, "Yevgeny Sobko"));
        after.then().body("entities.find { it.text == 'Yevgeny Sobko' }.canonicalName", equalTo("Yevhen Sobko"));
        given().when().get("/api/v1/entities/person:yevgeny-sobko").then().statusCode(200)
                .body("mergedInto", equalTo("person:yevhen-sobko"));
        // a merged entity is no longer found by name, and cannot be merged or curated again
        given().queryParam("q", "sobko").when().get("/api/v1/entities").then().statusCode(200)
                .body("id", hasItem("person:yevhen-sobko")).body("id", org.hamcrest.Matchers.not(hasItem("person:yevgeny-sobko")));
        given().contentType(ContentType.JSON).body(Map.of("into", "person:yevhen-sobko"))
                .when().post("/api/v1/entities/person:yevgeny-sobko/merge").then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("merged into"));
        given().contentType(ContentType.JSON).body(Map.of("into", "person:yevhen-sobko"))
                .when().post("/api/v1/entities/person:yevhen-sobko/merge").then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void splitNamesGoToTheirOwnEntityAndRemovedNamesStayRemoved() {
        given().contentType(ContentType.JSON).body(Map.of("type", "ORGANIZATION", "name", "Meridian Holdings",
                        "aliases", List.of("Meridian", "Meridian Bank")))
                .when().post("/api/v1/entities").then().statusCode(201);
        assertEquals("org:meridian-holdings", idOf(annotate("Meridian Bank raised its rates, the bank said."), "Meridian Bank"));

        given().contentType(ContentType.JSON).body(Map.of("name", "Meridian Bank", "aliases", List.of("Meridian Bank")))
                .when().post("/api/v1/entities/org:meridian-holdings/split").then().statusCode(201)
                .body("id", equalTo("org:meridian-bank")).body("type", equalTo("ORGANIZATION"));
        assertEquals("org:meridian-bank", idOf(annotate("Meridian Bank raised its rates, the bank said."), "Meridian Bank"));
        given().when().get("/api/v1/entities/org:meridian-holdings").then().statusCode(200)
                .body("aliases.find { it.key == 'meridian bank' }.origin", equalTo("BLOCKED"));

        given().contentType(ContentType.JSON).body(Map.of("alias", "..."))
                .when().post("/api/v1/entities/org:meridian-holdings/aliases").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("letters"));
        given().when().delete("/api/v1/entities/org:meridian-holdings/aliases/Meridian").then().statusCode(200)
                .body("aliases.find { it.key == 'meridian' }.origin", equalTo("BLOCKED"));
    }

    @Test
    void aLoneFordInACompanyStoryIsTheCompanyWhateverEarlierArticlesTaught() {
        // two articles teach that "Ford" was the person Bill Ford
        for (int i = 0; i < 2; i++) {
            assertEquals("person:bill-ford", idOf(annotate("Bill Ford spoke to workers in Dearborn on Monday. Ford said "
                    + "the plant would stay open."), "Bill Ford"));
        }
        // the company reading of a lone "Ford" in a company story outweighs what was learnt of the person
        assertEquals("org:ford", idOf(annotate("Ford Motor Co shares rose 3 percent. Ford sold more trucks in March "
                + "than a year earlier, while General Motors sold fewer."), "Ford"));
    }

    @Test
    void referenceEntitiesCarryTheirExternalIdentifiers() {
        Response response = annotate("General Motors (GM) said on Monday that GM would build trucks in Kyiv.");
        assertEquals("org:general-motors", idOf(response, "General Motors"));
        assertEquals("org:general-motors", idOf(response, "GM"));
        given().when().get("/api/v1/entities/org:general-motors").then().statusCode(200)
                .body("name", equalTo("General Motors")).body("externalIds.wikidata", equalTo("Q81965"))
                .body("externalIds.secCik", equalTo("1467858"));
        // a reference entity no article has named yet is there too
        given().when().get("/api/v1/entities/place:zaporizhzhia").then().statusCode(200)
                .body("externalIds.geonames", notNullValue()).body("articles", equalTo(0));
    }

    @Test
    void theKnowledgeBaseSaysWhichNamesAndEntitiesChanged() {
        String since = java.time.Instant.now().minusSeconds(1).toString();
        annotate("Mykola Tkachuk-Vorobei opened the bridge in Vinnytsia on Monday.").then().statusCode(200);
        given().queryParam("since", since).when().get("/api/v1/entities/changes").then().statusCode(200)
                .body("names", hasItem("mykola tkachuk-vorobei"))
                .body("entityIds", hasItem("person:mykola-tkachuk-vorobei"))
                .body("until", notNullValue());
        given().queryParam("since", "yesterday").when().get("/api/v1/entities/changes").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("ISO-8601"));
    }

    /**
     * Order independence, nlp-service's part: a full name learnt after an article named the person by surname alone
     * is a change that names that article; tagged again, the article links the surname to the full name, and that
     * makes no new change (so ingest-service's follower does not send it round again and again).
     */
    @Test
    void aFullNameLearntLaterNamesTheArticleThatUsedTheSurnameAndTaggingItAgainChangesNothing() {
        // the tagger takes this lone surname for a person (one full-name article is then enough to link it)
        String lone = "Port chief Okonkwo-Brandt said on Tuesday that she expects the port of Lagos to reopen within "
                + "a month.";
        String full = "Adaeze Okonkwo-Brandt, who heads the port authority, visited Lagos on Monday. "
                + "Okonkwo-Brandt said the port would reopen within a month.";
        String first = "kb-relink-" + java.util.UUID.randomUUID();
        String second = "kb-relink-" + java.util.UUID.randomUUID();
        String before = idOf(annotateAs(lone, first), "Okonkwo-Brandt");
        String u0 = changesSince(java.time.Instant.now().minusSeconds(60).toString()).getString("until");

        assertEquals("person:adaeze-okonkwo-brandt", idOf(annotateAs(full, second), "Okonkwo-Brandt"));
        io.restassured.path.json.JsonPath learnt = changesSince(u0);
        org.hamcrest.MatcherAssert.assertThat(learnt.getList("entityIds"), hasItem("person:adaeze-okonkwo-brandt"));
        org.hamcrest.MatcherAssert.assertThat(learnt.getList("names"), hasItem("okonkwo-brandt"));
        org.hamcrest.MatcherAssert.assertThat(learnt.getList("articles.findAll { it.articleId == '" + first
                + "' }.names.flatten()"), hasItem("okonkwo-brandt"));
        // the article that taught it already links the surname to her: tagging it again would change nothing
        org.hamcrest.MatcherAssert.assertThat(learnt.getList("articles.articleId"),
                org.hamcrest.Matchers.not(hasItem(second)));

        assertEquals("person:adaeze-okonkwo-brandt", idOf(annotateAs(lone, first), "Okonkwo-Brandt"),
                "tagged again, the lone surname is the person named in full (it was " + before + ")");
        io.restassured.path.json.JsonPath after = changesSince(learnt.getString("until"));
        org.hamcrest.MatcherAssert.assertThat(after.getList("names"),
                org.hamcrest.Matchers.not(hasItem("okonkwo-brandt")));
        org.hamcrest.MatcherAssert.assertThat(after.getList("articles.articleId"),
                org.hamcrest.Matchers.not(hasItem(first)));
        org.hamcrest.MatcherAssert.assertThat(after.getList("entityIds"),
                org.hamcrest.Matchers.not(hasItem("person:adaeze-okonkwo-brandt")));
    }

    /**
     * A second person learnt for a surname concerns only the articles that used the surname alone: an article that
     * named the first person in full settles its "Halvorsen-Mbeki" itself, and tagging it again could not change it
     * (during a bulk load, common surnames gain entities all the time: naming every article that ever used them sent
     * hundreds of articles round again per change).
     */
    @Test
    void aNameLearntForAnotherEntityNamesOnlyTheArticlesThatUsedItAlone() {
        String settled = "kb-lone-" + java.util.UUID.randomUUID();
        String alone = "kb-lone-" + java.util.UUID.randomUUID();
        String other = "kb-lone-" + java.util.UUID.randomUUID();
        annotateAs("Ingrid Halvorsen-Mbeki opened the new terminal in Rotterdam on Monday. Halvorsen-Mbeki said the "
                + "terminal would double the port's capacity.", settled).then().statusCode(200);
        annotateAs("Port chief Halvorsen-Mbeki said on Tuesday that the terminal in Rotterdam would open in May.", alone)
                .then().statusCode(200);
        String u0 = changesSince(java.time.Instant.now().minusSeconds(60).toString()).getString("until");

        assertEquals("person:pieter-halvorsen-mbeki", idOf(annotateAs("Pieter Halvorsen-Mbeki, a lawyer, spoke in "
                + "Antwerp on Wednesday. Halvorsen-Mbeki said the case would go on.", other), "Halvorsen-Mbeki"));
        io.restassured.path.json.JsonPath learnt = changesSince(u0);
        org.hamcrest.MatcherAssert.assertThat(learnt.getList("names"), hasItem("halvorsen-mbeki"));
        org.hamcrest.MatcherAssert.assertThat(learnt.getList("articles.articleId"), hasItem(alone));
        org.hamcrest.MatcherAssert.assertThat(learnt.getList("articles.articleId"),
                org.hamcrest.Matchers.not(hasItem(settled)));
        org.hamcrest.MatcherAssert.assertThat(learnt.getList("articles.articleId"),
                org.hamcrest.Matchers.not(hasItem(other)));
    }

    /** A merge is a change once: tagging the merged entity's articles again does not report it anew. */
    @Test
    void aMergeIsReportedOnceNotAgainWhenItsArticlesAreTaggedAgain() {
        String article = "kb-relink-" + java.util.UUID.randomUUID();
        String text = "Taras Hnatyshyn-Melnyk opened the bridge in Vinnytsia on Monday. Hnatyshyn-Melnyk thanked the builders.";
        assertEquals("person:taras-hnatyshyn-melnyk", idOf(annotateAs(text, article), "Taras Hnatyshyn-Melnyk"));
        given().contentType(ContentType.JSON).body(Map.of("type", "PERSON", "name", "Taras Hnatyshyn"))
                .when().post("/api/v1/entities").then().statusCode(201);
        String u0 = changesSince(java.time.Instant.now().minusSeconds(60).toString()).getString("until");
        given().contentType(ContentType.JSON).body(Map.of("into", "person:taras-hnatyshyn"))
                .when().post("/api/v1/entities/person:taras-hnatyshyn-melnyk/merge").then().statusCode(200);
        io.restassured.path.json.JsonPath merged = changesSince(u0);
        org.hamcrest.MatcherAssert.assertThat(merged.getList("entityIds"), hasItem("person:taras-hnatyshyn-melnyk"));
        org.hamcrest.MatcherAssert.assertThat(merged.getList("mergedIds"), hasItem("person:taras-hnatyshyn-melnyk"));

        assertEquals("person:taras-hnatyshyn", idOf(annotateAs(text, article), "Taras Hnatyshyn-Melnyk"));
        io.restassured.path.json.JsonPath after = changesSince(merged.getString("until"));
        org.hamcrest.MatcherAssert.assertThat(after.getList("entityIds"),
                org.hamcrest.Matchers.not(hasItem("person:taras-hnatyshyn-melnyk")));
        org.hamcrest.MatcherAssert.assertThat(after.getList("mergedIds"),
                org.hamcrest.Matchers.not(hasItem("person:taras-hnatyshyn-melnyk")));
    }

    private static Response annotateAs(String text, String articleId) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("text", text, "publishedAt", "2025-03-03", "articleId", articleId))
                .when().post("/api/v1/annotate");
    }

    private static io.restassured.path.json.JsonPath changesSince(String since) {
        return given().queryParam("since", since).when().get("/api/v1/entities/changes").then().statusCode(200)
                .extract().jsonPath();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown entity       | GET    | /api/v1/entities/person:nobody-known              |                                     | 404 | nobody-known
            unknown type         | GET    | /api/v1/entities?type=PLANET                      |                                     | 400 | type
            limit out of range   | GET    | /api/v1/entities?limit=0                          |                                     | 400 | limit
            entity without type  | POST   | /api/v1/entities                                  | {"name":"Somebody"}                 | 400 | type
            entity without name  | POST   | /api/v1/entities                                  | {"type":"PERSON","name":" "}        | 400 | name
            alias of nobody      | POST   | /api/v1/entities/person:nobody-known/aliases      | {"alias":"Nobody"}                  | 404 | nobody-known
            merge into nobody    | POST   | /api/v1/entities/person:nobody-known/merge        | {"into":"person:no-one"}            | 404 | nobody-known
            split without names  | POST   | /api/v1/entities/person:nobody-known/split        | {"name":"X","aliases":[]}           | 400 | aliases
            invalid JSON         | POST   | /api/v1/entities                                  | {"type":                            | 400 | JSON
            """)
    void badCurationIsAProblem(String name, String method, String path, String body, int status, String detail) {
        var request = given();
        if (body != null) {
            request.contentType(ContentType.JSON).body(body);
        }
        request.when().request(method, path).then().statusCode(status).contentType("application/problem+json")
                .body("status", equalTo(status)).body("title", notNullValue()).body("detail", containsString(detail));
    }
}
