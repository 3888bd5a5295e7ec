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
}
