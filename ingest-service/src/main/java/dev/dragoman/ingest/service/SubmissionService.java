package dev.dragoman.ingest.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dragoman.common.problem.ProblemException;
import dev.dragoman.ingest.config.IngestConfig;
import dev.dragoman.ingest.model.ArticleJson;
import dev.dragoman.ingest.model.SubmitResult;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;

/**
 * One submitted article in any of the accepted formats (plain text, JSON, HTML, or only a URL to fetch): read,
 * checked against the size limit, parsed and cleaned, then stored by {@link IngestService} or fetched by
 * {@link SourceCrawler}. Every refusal is a problem (400 empty or invalid, 413 too large).
 */
@ApplicationScoped
public class SubmissionService {

    private final IngestService ingest;
    private final SourceCrawler crawler;
    private final IngestConfig config;
    private final ObjectMapper json;

    public SubmissionService(IngestService ingest, SourceCrawler crawler, IngestConfig config, ObjectMapper json) {
        this.ingest = ingest;
        this.crawler = crawler;
        this.config = config;
        this.json = json;
    }

    /** Plain text, optionally with a first line "date YYYY-MM-DD". */
    public SubmitResult text(byte[] body, String source, String url) {
        return ingest.submit(ArticleParser.fromText(decode(body), source, url));
    }

    /** A JSON article; one with only a url (and source) is fetched through the address guard. */
    public SubmitResult json(byte[] body) {
        ArticleJson article = readJson(decode(body));
        if (article != null && blank(article.body()) && blank(article.html()) && !blank(article.url())) {
            return crawler.ingestUrl(article.url(), article.source());
        }
        return ingest.submit(ArticleParser.fromJson(article));
    }

    /** An HTML page: its article text, title and publication time are extracted. */
    public SubmitResult html(byte[] body, String source, String url) {
        return ingest.submit(ArticleParser.fromHtml(decode(body), source, url));
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private ArticleJson readJson(String text) {
        if (text.isBlank()) {
            throw ProblemException.badRequest("Empty article", "the request body is empty");
        }
        try {
            return json.readValue(text, ArticleJson.class);
        } catch (JsonProcessingException e) {
            throw ProblemException.badRequest("Invalid JSON", "not a valid JSON article: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")"));
        }
    }

    private String decode(byte[] body) {
        int limit = config.maxArticleBytes();
        if (body == null || body.length == 0) {
            throw ProblemException.badRequest("Empty article", "the request body is empty");
        }
        if (body.length > limit) {
            throw new ProblemException(413, "Article too large", "the body has " + body.length
                    + " bytes; the limit is " + limit + " (dragoman.ingest.max-article-bytes / max-batch-bytes)");
        }
        return new String(body, StandardCharsets.UTF_8);
    }
}
