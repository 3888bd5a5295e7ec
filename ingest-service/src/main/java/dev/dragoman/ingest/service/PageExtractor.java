package dev.dragoman.ingest.service;

import dev.dragoman.ingest.model.ArticleJson;
import net.dankito.readability4j.Article;
import net.dankito.readability4j.Readability4J;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import java.time.OffsetDateTime;

/**
 * Turns a fetched HTML page into an article: its main text found by Readability4J (Mozilla's Readability on jsoup:
 * navigation, cookie banners, newsletter boxes, related links and comments left out), then parsed and cleaned like
 * any submitted HTML by {@link ArticleParser}; what a feed said (title, date, author) wins over the page's metadata.
 */
public final class PageExtractor {

    /** What the page says of itself besides its text. */
    public record Extracted(ParsedArticle article, String canonicalUrl, String author) {
    }

    private PageExtractor() {
    }

    /**
     * @param feedItem what a feed said of the page (may be null or have nulls)
     */
    public static Extracted extract(String html, String url, String sourceName, FeedReader.Item feedItem) {
        Document page = Jsoup.parse(html, url);
        Element canonical = page.selectFirst("link[rel=canonical][href]");
        String canonicalUrl = canonical == null ? null : canonical.absUrl("href");
        String pageAuthor = meta(page, "author", "article:author");
        String pagePublished = meta(page, "article:published_time", "date");
        Article main = new Readability4J(url, page).parse();
        String content = main.getContent();
        if (content == null || content.isBlank()) {
            content = html;
        }
        String title = feedItem != null && feedItem.title() != null ? feedItem.title()
                : meta(page, "og:title") != null ? meta(page, "og:title") : main.getTitle();
        OffsetDateTime published = feedItem == null ? null : feedItem.publishedAt();
        String date = published != null ? published.toString() : validDate(pagePublished);
        ParsedArticle parsed = ArticleParser.fromJson(new ArticleJson(title, null, content, date, sourceName, url));
        String author = feedItem != null && feedItem.author() != null ? feedItem.author()
                : pageAuthor != null ? pageAuthor : blankToNull(main.getByline());
        return new Extracted(parsed, canonicalUrl == null || canonicalUrl.isBlank() ? null : canonicalUrl, author);
    }

    private static String validDate(String value) {
        if (value == null) {
            return null;
        }
        try {
            return ArticleParser.parseDate("date", value).toString();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String meta(Document page, String... names) {
        for (String name : names) {
            Element element = page.selectFirst("meta[property=" + name + "], meta[name=" + name + "]");
            if (element != null && !element.attr("content").isBlank()) {
                return element.attr("content").strip();
            }
        }
        return null;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
