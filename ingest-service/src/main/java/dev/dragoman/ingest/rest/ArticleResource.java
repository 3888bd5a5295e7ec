package dev.dragoman.ingest.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dragoman.common.problem.ProblemException;
import dev.dragoman.common.text.TextNormalizer;
import dev.dragoman.ingest.config.IngestConfig;
import dev.dragoman.ingest.model.ArticleCounts;
import dev.dragoman.ingest.model.ArticleJson;
import dev.dragoman.ingest.model.ArticleView;
import dev.dragoman.ingest.model.BatchResult;
import dev.dragoman.ingest.model.Reannotation;
import dev.dragoman.ingest.model.SubmitResult;
import dev.dragoman.ingest.repository.Article;
import dev.dragoman.ingest.repository.ArticleEvent;
import dev.dragoman.ingest.repository.ArticleRepository;
import dev.dragoman.ingest.service.ArticleParser;
import dev.dragoman.ingest.service.IngestService;
import dev.dragoman.ingest.service.ParsedArticle;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

@Tag(name = "Articles", description = "Submit articles and follow them through the pipeline")
@Path("/api/v1/articles")
@Produces(MediaType.APPLICATION_JSON)
public class ArticleResource {

    public static final String NDJSON = "application/x-ndjson";

    private final IngestService ingest;
    private final ArticleRepository articles;
    private final IngestConfig config;
    private final ObjectMapper json;

    public ArticleResource(IngestService ingest, ArticleRepository articles, IngestConfig config, ObjectMapper json) {
        this.ingest = ingest;
        this.articles = articles;
        this.config = config;
        this.json = json;
    }

    @POST
    @Consumes(MediaType.TEXT_PLAIN)
    @Operation(summary = "Submit an article as plain text",
            description = "Optional first line ' date YYYY-MM-DD', then the body. 202 for a new article, "
                    + "200 with the existing id when the same content was already submitted.")
    public Response submitText(byte[] body,
                               @Parameter(description = "where the article comes from") @HeaderParam("X-Source") String source,
                               @Parameter(description = "the article's address") @HeaderParam("X-Url") String url) {
        String text = decode(body, config.maxArticleBytes());
        return accepted(ingest.submit(ArticleParser.fromText(text, source, url)));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Submit an article as JSON", description = "{title, body or html, publishedAt, source, url}")
    public Response submitJson(byte[] body) {
        String text = decode(body, config.maxArticleBytes());
        return accepted(ingest.submit(ArticleParser.fromJson(readJson(text))));
    }

    @POST
    @Consumes(MediaType.TEXT_HTML)
    @Operation(summary = "Submit an HTML page", description = "Its article text, title and publication time are extracted.")
    public Response submitHtml(byte[] body, @HeaderParam("X-Source") String source, @HeaderParam("X-Url") String url) {
        String text = decode(body, config.maxArticleBytes());
        return accepted(ingest.submit(ArticleParser.fromHtml(text, source, url)));
    }

    @POST
    @Path("/batch")
    @Consumes({NDJSON, "application/jsonl", "application/ndjson"})
    @Operation(summary = "Submit many articles as NDJSON", description = "One JSON article per line; the answer "
            + "says for every line whether it was accepted, a duplicate, or rejected (and why).")
    public BatchResult submitBatch(byte[] body) {
        String text = decode(body, config.maxBatchBytes());
        List<BatchResult.Line> items = new ArrayList<>();
        int accepted = 0;
        int duplicates = 0;
        int rejected = 0;
        String[] lines = text.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            try {
                SubmitResult result = ingest.submit(ArticleParser.fromJson(readJson(lines[i])));
                items.add(new BatchResult.Line(i + 1, result.id(), result.status(), result.duplicate(), null));
                if (result.duplicate()) {
                    duplicates++;
                } else {
                    accepted++;
                }
            } catch (ProblemException e) {
                rejected++;
                items.add(new BatchResult.Line(i + 1, null, null, null, e.toProblem()));
            }
        }
        if (items.isEmpty()) {
            throw ProblemException.badRequest("Empty article", "the batch has no lines; send one JSON article per line");
        }
        return new BatchResult(accepted, duplicates, rejected, items);
    }

    @GET
    @Path("/{id}")
    @Transactional
    @Operation(summary = "A stored article: cleaned text, status, attempts, last error and history")
    public ArticleView get(@PathParam("id") String id) {
        UUID uuid = parseId(id);
        Article article = articles.findByIdOptional(uuid)
                .orElseThrow(() -> ProblemException.notFound("no article with id '" + id + "'"));
        return ArticleView.of(article, ArticleEvent.history(uuid));
    }

    @GET
    @Path("/counts")
    @Transactional
    @Operation(summary = "How many articles are in each state")
    public ArticleCounts counts() {
        Map<String, Long> byStatus = new LinkedHashMap<>();
        articles.countByStatus().forEach((status, count) -> byStatus.put(status.name(), count));
        return new ArticleCounts(byStatus.values().stream().mapToLong(Long::longValue).sum(), byStatus);
    }

    @POST
    @Path("/reannotate")
    @Operation(summary = "Tag and index again every article that mentions an entity",
            description = "After a merge, split or new alias in nlp-service's knowledge base: the articles whose "
                    + "annotation mentions the entity go through tagging and indexing again. Articles a worker holds "
                    + "right now are counted as inFlight and left alone.")
    public Reannotation reannotate(@QueryParam("entity") String rawEntity) {
        String entity = TextNormalizer.normalize(rawEntity);
        if (entity == null || entity.isBlank() || entity.length() > 300) {
            throw ProblemException.badRequest("Invalid parameter", "entity (an entity id such as "
                    + "person:sergey-lavrov, at most 300 characters) is required");
        }
        return ingest.reannotate(entity.strip());
    }

    @POST
    @Path("/{id}/retry")
    @Operation(summary = "Put a FAILED article back into the pipeline")
    public ArticleView retry(@PathParam("id") String id) {
        UUID uuid = parseId(id);
        ingest.retry(uuid).orElseThrow(() -> ProblemException.notFound("no article with id '" + id + "'"));
        return get(id);
    }

    private static Response accepted(SubmitResult result) {
        return Response.status(result.duplicate() ? Response.Status.OK : Response.Status.ACCEPTED)
                .header("Location", "/api/v1/articles/" + result.id())
                .entity(result).build();
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

    private static String decode(byte[] body, int limit) {
        if (body == null || body.length == 0) {
            throw ProblemException.badRequest("Empty article", "the request body is empty");
        }
        if (body.length > limit) {
            throw new ProblemException(413, "Article too large", "the body has " + body.length
                    + " bytes; the limit is " + limit + " (dragoman.ingest.max-article-bytes / max-batch-bytes)");
        }
        return new String(body, StandardCharsets.UTF_8);
    }

    private static UUID parseId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("no article with id '" + id + "' (ids are UUIDs)");
        }
    }

}
