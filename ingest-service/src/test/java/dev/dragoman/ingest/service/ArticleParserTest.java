package dev.dragoman.ingest.service;

import dev.dragoman.common.problem.ProblemException;
import dev.dragoman.ingest.Seeds;
import dev.dragoman.ingest.model.ArticleJson;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArticleParserTest {

    private static int occurrences(String text, String fragment) {
        return (int) Pattern.compile(Pattern.quote(fragment)).matcher(text).results().count();
    }

    @Test
    void seed000DateLineAndDateline() {
        ParsedArticle article = ArticleParser.fromText(Seeds.read("000"), null, null);
        assertEquals(OffsetDateTime.parse("2025-02-26T00:00:00Z"), article.publishedAt());
        assertEquals("Doha [Qatar] February 26 (ANI)", article.dateline());
        assertTrue(article.body().startsWith("Russian Foreign Minister Sergey Lavrov on Wednesday"), article.body());
        assertTrue(article.title().startsWith("Russian Foreign Minister Sergey Lavrov"), article.title());
        assertFalse(article.body().contains(" date 2025"));
    }

    @Test
    void seed001RepeatedParagraphsAreKeptOnce() {
        ParsedArticle article = ArticleParser.fromText(Seeds.read("001"), null, null);
        String body = article.body();
        for (String sentence : new String[] {
                "I also wanted to inform you today that our delegation",
                "The Russian delegation in Istanbul will be ready on Monday morning",
                "The details of the Russian draft memorandum on the Ukrainian settlement will not be made public",
                "Moscow expects that the Russian and Ukrainian draft memoranda will be discussed",
                "The discussion of preparing contacts between Russian President Vladimir Putin",
                "Putin has repeatedly said that he is fundamentally in favor of contacts"}) {
            assertEquals(1, occurrences(body, sentence), sentence + " in:\n" + body);
        }
        // what is said only once is kept
        assertEquals(1, occurrences(body, "Of course, nothing will be made public"));
        assertEquals(1, occurrences(body, "First, a result must be achieved"));
        assertEquals("Russian Delegation Heads to Istanbul For Second Round of Ukraine Talks on Monday", article.title());
        assertFalse(body.startsWith("International"), "navigation word kept: " + body);
        assertFalse(body.contains("10:08 GMT"), "time stamp kept");
        assertTrue(body.contains("the official added. The details"), "glued sentences are separated");
    }

    @Test
    void seed003WebDebrisIsRemoved() {
        ParsedArticle article = ArticleParser.fromText(Seeds.read("003"), null, null);
        String body = article.body();
        // no date line: estimated from the latest full date of the page (its photo caption), and flagged so
        assertEquals(OffsetDateTime.parse("2025-02-25T00:00:00Z"), article.publishedAt());
        assertTrue(article.publishedAtEstimated());
        for (String debris : new String[] {"indicates required", "Subscribe", "Skip to content", "Getty Images",
                "This audio is created with AI", "Enter your email", "Successfuly subscribed", "confirmation email",
                "Help us reach 20,000 members", "not a paywall", "Editors' Picks", "MORE NEWS", "News Feed"}) {
            assertFalse(body.contains(debris), "'" + debris + "' left in:\n" + body);
        }
        assertTrue(body.startsWith("U.S. and Russian officials will meet"), body);
        assertTrue(body.contains("\"Such a meeting will take place tomorrow in Istanbul."));
        assertTrue(body.contains("Trump denied having spoken to Russian President Vladimir Putin"));
    }

    @Test
    void statedDatesAreNotEstimatesAndFutureDatesAreIgnored() {
        ParsedArticle dated = ArticleParser.fromText(Seeds.read("000"), null, null);
        assertFalse(dated.publishedAtEstimated());
        ParsedArticle undated = ArticleParser.fromText("The summit on March 3, 2099 was announced on 2 May 2024.", null, null);
        assertEquals(OffsetDateTime.parse("2024-05-02T00:00:00Z"), undated.publishedAt());
        assertNull(ArticleParser.fromText("No date here at all.", null, null).publishedAt());
    }

    @Test
    void duplicatesAreFoundWhateverTheSpacingOrCase() {
        ParsedArticle a = ArticleParser.fromText("Lavrov met Fidan in Ankara.\n\nThey spoke of Syria.", null, null);
        ParsedArticle b = ArticleParser.fromText("  LAVROV met Fidan in   Ankara.\nThey spoke of Syria!", null, null);
        assertEquals(a.contentHash(), b.contentHash());
    }

    @Test
    void jsonWithHtmlTakesTheArticleText() {
        ArticleJson json = new ArticleJson(null, null, """
                <html><head><title>Talks in Istanbul</title>
                <meta property="article:published_time" content="2025-02-27T08:00:00Z"></head>
                <body><nav>Home World Politics</nav><article><h1>Talks in Istanbul</h1>
                <p>Russian and US diplomats met in Istanbul on Thursday.</p><p>Enter your email to subscribe</p>
                <script>var x = 1;</script></article><footer>All rights reserved</footer></body></html>""",
                null, "example", "https://example.org/a");
        ParsedArticle article = ArticleParser.fromJson(json);
        assertEquals("Talks in Istanbul", article.title());
        assertEquals("Russian and US diplomats met in Istanbul on Thursday.", article.body());
        assertEquals(OffsetDateTime.parse("2025-02-27T08:00:00Z"), article.publishedAt());
    }

    @Test
    void badDatesAndEmptyBodiesAreRefused() {
        ProblemException date = assertThrows(ProblemException.class,
                () -> ArticleParser.fromText(" date 2025-13-45\nBody text.", null, null));
        assertTrue(date.getMessage().contains("2025-13-45"));
        assertThrows(ProblemException.class, () -> ArticleParser.fromText("   \n ", null, null));
        assertThrows(ProblemException.class, () -> ArticleParser.fromText("Subscribe\n* indicates required", null, null));
        assertThrows(ProblemException.class, () -> ArticleParser.fromJson(new ArticleJson("t", " ", null, null, null, null)));
    }
}
