package dev.dragoman.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A news site on loopback (127.0.0.2, the address the suite allow-lists for fetching; nothing else is ever
 * contacted): pages made of real BBC articles from ../shared/data/news (read in place) wrapped in page furniture,
 * and the RSS, Atom and sitemap documents that point at them.
 */
final class FeedSite implements AutoCloseable {

    static final String ADDRESS = "127.0.0.2";
    /** Words of the page furniture that must never reach an article. */
    static final List<String> FURNITURE = dev.dragoman.local.testing.NewsPage.FURNITURE;
    private static final LocalDate PUBLISHED = LocalDate.of(2025, 3, 12);

    /** A page: where it is served, and the article it carries (made unique to this run by its marker). */
    record Page(String path, String title, String body, String marker) {
    }

    private final HttpServer server;
    private final Map<String, byte[]> bodies = new ConcurrentHashMap<>();
    private final Map<String, String> types = new ConcurrentHashMap<>();
    private final List<JsonNode> news;
    private final String run = UUID.randomUUID().toString().replace("-", "").substring(0, 10);

    private FeedSite(HttpServer server, List<JsonNode> news) {
        this.server = server;
        this.news = news;
    }

    static FeedSite start() throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> news;
        try (Stream<String> lines = Files.lines(E2e.news("bbc_news_2225.ndjson"))) {
            news = lines.skip(700).limit(200).map(line -> {
                try {
                    return json.readTree(line);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).filter(n -> n.path("body").asText().length() > 1200 && n.path("body").asText().length() < 3500)
                    .limit(6).toList();
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(ADDRESS, 0), 0);
        FeedSite site = new FeedSite(server, news);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            byte[] body = site.bodies.get(path);
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.getResponseHeaders().set("Content-Type", site.types.get(path));
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            exchange.close();
        });
        server.start();
        return site;
    }

    String url(String path) {
        return "http://" + ADDRESS + ":" + server.getAddress().getPort() + path;
    }

    void serve(String path, String type, String body) {
        types.put(path, type);
        bodies.put(path, body.getBytes(StandardCharsets.UTF_8));
    }

    /** The n-th article as a page of this site. */
    Page page(int n) {
        JsonNode article = news.get(n);
        String marker = "ref" + run + "x" + n;
        Page page = new Page("/news/" + run + "/" + n, article.path("title").asText(),
                article.path("body").asText().strip() + "\nThis report was filed under reference " + marker + ".",
                marker);
        serve(page.path(), "text/html; charset=utf-8", html(page));
        return page;
    }

    /** Another outlet's lightly edited copy of a page: a sentence reworded, the last paragraph cut, a credit added. */
    Page editedCopy(Page original) {
        List<String> paragraphs = original.body().lines().filter(l -> !l.isBlank()).toList();
        String first = paragraphs.get(0).replaceFirst("\\bsaid\\b", "told reporters");
        if (first.equals(paragraphs.get(0))) {
            first = "Officials confirmed on Wednesday that " + Character.toLowerCase(first.charAt(0))
                    + first.substring(1);
        }
        String marker = original.marker() + "copy";
        String body = Stream.concat(Stream.concat(Stream.of(first), paragraphs.subList(1, paragraphs.size() - 2)
                        .stream()), Stream.of("Additional reporting by wire staff.",
                        "This copy was filed under reference " + marker + "."))
                .collect(Collectors.joining("\n"));
        Page copy = new Page("/wire/" + run + "/copy", original.title(), body, marker);
        serve(copy.path(), "text/html; charset=utf-8", html(copy));
        return copy;
    }

    String rss(List<Page> pages) {
        StringBuilder items = new StringBuilder();
        for (Page p : pages) {
            items.append("<item><title>").append(escape(p.title())).append("</title><link>")
                    .append(escape(url(p.path()) + "?utm_source=rss&utm_medium=feed")).append("</link><pubDate>")
                    .append(DateTimeFormatter.RFC_1123_DATE_TIME.format(PUBLISHED.atTime(9, 0).atOffset(ZoneOffset.UTC)))
                    .append("</pubDate><description>A summary.</description></item>\n");
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>E2E news</title>"
                + "<link>" + url("/") + "</link><description>End to end</description>" + items + "</channel></rss>";
    }

    String atom(List<Page> pages) {
        StringBuilder entries = new StringBuilder();
        for (Page p : pages) {
            entries.append("<entry><title>").append(escape(p.title())).append("</title><link href=\"")
                    .append(escape(url(p.path()))).append("\"/><id>urn:e2e:").append(p.path()).append("</id>")
                    .append("<published>").append(PUBLISHED).append("T10:00:00Z</published><updated>")
                    .append(PUBLISHED).append("T10:00:00Z</updated><author><name>Wire desk</name></author>")
                    .append("</entry>\n");
        }
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?><feed xmlns=\"http://www.w3.org/2005/Atom\">"
                + "<title>Wire</title><id>urn:e2e:wire</id><updated>" + PUBLISHED + "T10:00:00Z</updated>" + entries
                + "</feed>";
    }

    String sitemap(List<Page> pages) {
        StringBuilder urls = new StringBuilder();
        for (Page p : pages) {
            urls.append("<url><loc>").append(escape(url(p.path()))).append("</loc><lastmod>").append(PUBLISHED)
                    .append("</lastmod></url>\n");
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><urlset "
                + "xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">" + urls + "</urlset>";
    }

    private String html(Page page) {
        return dev.dragoman.local.testing.NewsPage.html(page.title(), url(page.path()), "Staff reporter",
                PUBLISHED + "T09:00:00Z", page.body());
    }

    /** A text as its words, lower-cased: compares bodies whatever their line breaks and spacing. */
    static List<String> words(String text) {
        return List.of(text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")).stream()
                .filter(w -> !w.isEmpty()).toList();
    }

    private static String escape(String text) {
        return dev.dragoman.local.testing.NewsPage.escape(text);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
