package dev.dragoman.ingest.service;

import dev.dragoman.common.problem.ProblemException;
import dev.dragoman.common.text.TextNormalizer;
import dev.dragoman.ingest.model.ArticleJson;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the accepted input formats (seed text, JSON, HTML) into one cleaned {@link ParsedArticle}. */
public final class ArticleParser {

    /** The seed format's optional first line: " date 2025-02-26", possibly followed by the body on the same line. */
    private static final Pattern DATE_LINE = Pattern.compile("^\\s*date[ \t]+(\\S+)[ \t]*(.*)", Pattern.CASE_INSENSITIVE);

    private ArticleParser() {
    }

    /** text/plain: optional date line, then the body. */
    public static ParsedArticle fromText(String text, String source, String url) {
        String body = requireContent(text);
        OffsetDateTime publishedAt = null;
        int firstBreak = body.indexOf('\n');
        String firstLine = firstBreak < 0 ? body : body.substring(0, firstBreak);
        Matcher m = DATE_LINE.matcher(firstLine);
        if (m.matches()) {
            publishedAt = parseDate("date line", m.group(1));
            body = m.group(2) + (firstBreak < 0 ? "" : body.substring(firstBreak));
        }
        return build(null, body, publishedAt, source, url);
    }

    public static ParsedArticle fromJson(ArticleJson json) {
        if (json == null) {
            throw ProblemException.badRequest("Empty article", "the request body is empty; send a JSON object with "
                    + "'body' or 'html'");
        }
        boolean hasBody = json.body() != null && !json.body().isBlank();
        boolean hasHtml = json.html() != null && !json.html().isBlank();
        if (!hasBody && !hasHtml) {
            throw ProblemException.badRequest("Empty article", "an article needs a non-empty 'body' or 'html'");
        }
        OffsetDateTime publishedAt = json.publishedAt() == null || json.publishedAt().isBlank() ? null
                : parseDate("publishedAt", json.publishedAt());
        if (hasBody) {
            return build(json.title(), json.body(), publishedAt, json.source(), json.url());
        }
        ParsedArticle fromHtml = fromHtml(json.html(), json.source(), json.url());
        return build(json.title() != null ? json.title() : fromHtml.title(), fromHtml.body(),
                publishedAt != null ? publishedAt : fromHtml.publishedAt(), json.source(), json.url());
    }

    /** text/html: the page's text with block structure kept; title and publication time from its metadata. */
    public static ParsedArticle fromHtml(String html, String source, String url) {
        requireContent(html);
        Document page = Jsoup.parse(html, url == null ? "" : url);
        page.select("script, style, noscript, nav, header, footer, aside, form, iframe, svg, figure figcaption, "
                + "[role=navigation], [aria-hidden=true]").remove();
        String title = meta(page, "og:title");
        if (title == null && !page.title().isBlank()) {
            title = page.title();
        }
        String published = meta(page, "article:published_time");
        OffsetDateTime publishedAt = published == null ? null : tryParseDate(published);
        Element root = page.selectFirst("article");
        if (root == null) {
            root = page.body();
        }
        StringBuilder text = new StringBuilder();
        for (Element block : root.select("h1, h2, h3, p, li, blockquote, pre")) {
            if (block.parents().stream().anyMatch(parent -> parent.is("p, li, blockquote"))) {
                continue;
            }
            String line = block.text().strip();
            if (!line.isEmpty() && !(block.is("h1") && line.equals(title))) {
                text.append(line).append("\n\n");
            }
        }
        if (text.isEmpty()) {
            text.append(root.wholeText());
        }
        return build(title, text.toString(), publishedAt, source, url);
    }

    /** Every format ends here: what is stored is normalised first (no NUL or other controls, no lone surrogates). */
    private static ParsedArticle build(String rawTitle, String rawBody, OffsetDateTime publishedAt, String rawSource,
                                       String rawUrl) {
        String title = TextNormalizer.normalize(rawTitle);
        String body = TextNormalizer.normalize(rawBody);
        String source = TextNormalizer.normalize(rawSource);
        String url = TextNormalizer.normalize(rawUrl);
        boolean estimated = false;
        if (publishedAt == null) {
            publishedAt = estimatePublication(body);
            estimated = publishedAt != null;
        }
        ArticleCleaner.Cleaned cleaned = ArticleCleaner.clean(body, title);
        if (cleaned.body().isBlank()) {
            throw ProblemException.badRequest("Empty article", "nothing is left of the article once web debris "
                    + "(navigation, sign-up prompts, credits) is removed");
        }
        return new ParsedArticle(cleaned.title(), cleaned.body(), cleaned.dateline(), publishedAt, estimated,
                blankToNull(source), blankToNull(url), contentHash(cleaned.body()));
    }

    private static final Pattern FULL_DATE = Pattern.compile("\\b(?:(January|February|March|April|May|June|July|"
            + "August|September|October|November|December) (\\d{1,2}),? (\\d{4})|(\\d{1,2}) (January|February|March|April|"
            + "May|June|July|August|September|October|November|December),? (\\d{4})|(\\d{4})-(\\d{2})-(\\d{2}))\\b");

    /**
     * For an article that states no publication date: the latest complete date (day, month and year) its raw text
     * mentions, captions and page furniture included, and not in the future. News is written about the days just
     * before it appears; when nothing qualifies the date stays unknown.
     */
    static OffsetDateTime estimatePublication(String raw) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate latest = null;
        Matcher m = FULL_DATE.matcher(raw);
        while (m.find()) {
            LocalDate date;
            try {
                if (m.group(1) != null) {
                    date = LocalDate.of(Integer.parseInt(m.group(3)), month(m.group(1)), Integer.parseInt(m.group(2)));
                } else if (m.group(5) != null) {
                    date = LocalDate.of(Integer.parseInt(m.group(6)), month(m.group(5)), Integer.parseInt(m.group(4)));
                } else {
                    date = LocalDate.of(Integer.parseInt(m.group(7)), Integer.parseInt(m.group(8)),
                            Integer.parseInt(m.group(9)));
                }
            } catch (java.time.DateTimeException e) {
                continue;
            }
            if (!date.isAfter(today) && (latest == null || date.isAfter(latest))) {
                latest = date;
            }
        }
        return latest == null ? null : latest.atStartOfDay().atOffset(ZoneOffset.UTC);
    }

    private static int month(String name) {
        return java.time.Month.valueOf(name.toUpperCase(Locale.ROOT)).getValue();
    }

    /** The same text, whatever its case, spacing or punctuation, has the same hash: that is what "duplicate" means. */
    static String contentHash(String body) {
        String canonical = ArticleCleaner.wordsOnly(body);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static OffsetDateTime parseDate(String field, String value) {
        OffsetDateTime parsed = tryParseDate(value);
        if (parsed == null) {
            throw ProblemException.badRequest("Invalid date", field + " must be a date (YYYY-MM-DD) or an ISO "
                    + "date-time (2025-02-26T10:00:00Z); got '" + value + "'");
        }
        return parsed;
    }

    private static OffsetDateTime tryParseDate(String value) {
        String v = value.strip();
        try {
            if (v.length() == 10) {
                return LocalDate.parse(v).atStartOfDay().atOffset(ZoneOffset.UTC);
            }
            return OffsetDateTime.parse(v);
        } catch (DateTimeParseException e) {
            try {
                return java.time.LocalDateTime.parse(v).atOffset(ZoneOffset.UTC);
            } catch (DateTimeParseException again) {
                return null;
            }
        }
    }

    private static String meta(Document page, String property) {
        Element element = page.selectFirst("meta[property=" + property + "], meta[name=" + property + "]");
        String content = element == null ? null : element.attr("content");
        return content == null || content.isBlank() ? null : content.strip();
    }

    private static String requireContent(String text) {
        if (text == null || text.isBlank()) {
            throw ProblemException.badRequest("Empty article", "the request body is empty");
        }
        return text;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
