package dev.dragoman.ingest.service;

import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.SyndFeedInput;
import crawlercommons.sitemaps.AbstractSiteMap;
import crawlercommons.sitemaps.SiteMap;
import crawlercommons.sitemaps.SiteMapIndex;
import crawlercommons.sitemaps.SiteMapParser;
import crawlercommons.sitemaps.SiteMapURL;
import crawlercommons.sitemaps.UnknownFormatException;
import org.xml.sax.InputSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URL;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;

/**
 * Reads the items of a feed (RSS 0.9x/1.0/2.0 and Atom, with ROME; DOCTYPEs refused, so no external entities) or a
 * sitemap (crawler-commons; a sitemap index gives the child sitemaps to read), newest first.
 */
public final class FeedReader {

    /** An item: the page it points at, and what the feed says of it. */
    public record Item(String url, String title, OffsetDateTime publishedAt, String author) {
    }

    /** A sitemap: its pages, or (an index) the child sitemaps to read. */
    public record Sitemap(List<Item> items, List<String> children) {
    }

    /** A feed or sitemap that cannot be read. */
    public static final class Unreadable extends Exception {
        public Unreadable(String message) {
            super(message);
        }
    }

    private FeedReader() {
    }

    public static List<Item> feed(byte[] body) throws Unreadable {
        SyndFeed feed;
        try {
            SyndFeedInput input = new SyndFeedInput();
            input.setAllowDoctypes(false);
            input.setXmlHealerOn(true);
            feed = input.build(new InputSource(new ByteArrayInputStream(body)));
        } catch (FeedException | IllegalArgumentException e) {
            throw new Unreadable("not a readable RSS or Atom feed: " + e.getMessage());
        }
        List<Item> items = new ArrayList<>();
        for (SyndEntry entry : feed.getEntries()) {
            String link = entry.getLink();
            if ((link == null || link.isBlank()) && entry.getUri() != null && entry.getUri().startsWith("http")) {
                link = entry.getUri();
            }
            if (link == null || link.isBlank()) {
                continue;
            }
            Date date = entry.getPublishedDate() != null ? entry.getPublishedDate() : entry.getUpdatedDate();
            items.add(new Item(link.strip(), blankToNull(entry.getTitle()), date == null ? null
                    : date.toInstant().atOffset(ZoneOffset.UTC), blankToNull(entry.getAuthor())));
        }
        return newestFirst(items);
    }

    public static Sitemap sitemap(String url, String contentType, byte[] body) throws Unreadable {
        AbstractSiteMap map;
        try {
            SiteMapParser parser = new SiteMapParser(false);
            map = parser.parseSiteMap(contentType == null ? "text/xml" : contentType, body, new URL(url));
        } catch (UnknownFormatException | IOException | IllegalArgumentException e) {
            throw new Unreadable("not a readable sitemap: " + e.getMessage());
        }
        if (map instanceof SiteMapIndex index) {
            return new Sitemap(List.of(), index.getSitemaps().stream().map(s -> s.getUrl().toString()).toList());
        }
        List<Item> items = new ArrayList<>();
        for (SiteMapURL page : ((SiteMap) map).getSiteMapUrls()) {
            Date modified = page.getLastModified();
            items.add(new Item(page.getUrl().toString(), null,
                    modified == null ? null : modified.toInstant().atOffset(ZoneOffset.UTC), null));
        }
        return new Sitemap(newestFirst(items), List.of());
    }

    private static List<Item> newestFirst(List<Item> items) {
        return items.stream().sorted(Comparator.comparing(Item::publishedAt,
                Comparator.nullsLast(Comparator.reverseOrder()))).toList();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
