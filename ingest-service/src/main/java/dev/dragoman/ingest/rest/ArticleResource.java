package dev.dragoman.ingest.rest;

import dev.dragoman.common.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import dev.dragoman.common.problem.ProblemException;
import dev.dragoman.common.text.TextNormalizer;
import dev.dragoman.ingest.config.IngestConfig;
import dev.dragoman.ingest.model.ArticleCounts;
import dev.dragoman.ingest.model.ArticleView;
import dev.dragoman.ingest.model.BatchResult;
import dev.dragoman.ingest.model.Reannotation;
import dev.dragoman.ingest.model.SubmitResult;
import dev.dragoman.common.problem.Parameters;
import dev.dragoman.ingest.model.ArticlePage;
import dev.dragoman.ingest.model.RetryResult;
import dev.dragoman.ingest.repository.ArticleStatus;
import dev.dragoman.ingest.service.BatchService;
import dev.dragoman.ingest.service.IngestService;
import dev.dragoman.ingest.service.SubmissionService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import java.io.InputStream;
import java.util.UUID;

@Tag(name = "Articles", description = "Submit articles and follow them through the pipeline")
@Path("/api/v1/articles")
@Produces(MediaType.APPLICATION_JSON)
public class ArticleResource {

    public static final String NDJSON = "application/x-ndjson";

    private final IngestService ingest;
    private final SubmissionService submissions;
    private final BatchService batches;
    private final IngestConfig config;

    public ArticleResource(IngestService ingest, SubmissionService submissions, BatchService batches,
                           IngestConfig config) {
        this.ingest = ingest;
        this.submissions = submissions;
        this.batches = batches;
        this.config = config;
    }

    @jakarta.inject.Inject
    io.quarkus.security.identity.SecurityIdentity identity;

    /** Who asks for a curation (reannotate, retry): the token's subject, written into the articles' history. */
    private String actor() {
        return identity.getPrincipal().getName();
    }

    @RolesAllowed(Roles.WRITER)
    @POST
    @Consumes(MediaType.TEXT_PLAIN)
    @Operation(summary = "Submit an article as plain text",
            description = "Optional first line ' date YYYY-MM-DD', then the body. 202 for a new article, "
                    + "200 with the existing id when the same content was already submitted.")
    public Response submitText(byte[] body,
                               @Parameter(description = "where the article comes from") @HeaderParam("X-Source") String source,
                               @Parameter(description = "the article's address") @HeaderParam("X-Url") String url) {
        return accepted(submissions.text(body, source, url));
    }

    @RolesAllowed(Roles.WRITER)
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Submit an article as JSON", description = "{title, body or html, publishedAt, source, url}; "
            + "or only {url} (and source): the page is fetched (through the address guard: 400 'refused' for "
            + "private and other special addresses; 422 when it cannot be fetched), its main text extracted and "
            + "cleaned.")
    public Response submitJson(byte[] body) {
        return accepted(submissions.json(body));
    }

    @RolesAllowed(Roles.WRITER)
    @POST
    @Consumes(MediaType.TEXT_HTML)
    @Operation(summary = "Submit an HTML page", description = "Its article text, title and publication time are extracted.")
    public Response submitHtml(byte[] body, @HeaderParam("X-Source") String source, @HeaderParam("X-Url") String url) {
        return accepted(submissions.html(body, source, url));
    }

    @RolesAllowed(Roles.WRITER)
    @POST
    @Path("/batch")
    @Consumes({NDJSON, "application/jsonl", "application/ndjson"})
    @Operation(summary = "Submit many articles as NDJSON", description = "One JSON article per line, streamed: the "
            + "answer says for every line whether it was accepted, a duplicate, or rejected (and why), and gives the "
            + "batch's id for GET /api/v1/batches/{id}. Lines are stored in chunks as they arrive, whatever the "
            + "batch's size.")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = BatchResult.class)))
    public Response submitBatch(InputStream body) {
        BatchService.OpenBatch batch = batches.open(body);
        return Response.ok((StreamingOutput) batch::write, MediaType.APPLICATION_JSON)
                .header("Location", "/api/v1/batches/" + batch.id()).build();
    }

    @RolesAllowed(Roles.READER)
    @GET
    @Operation(summary = "Articles in one state, cursor-paged by id",
            description = "For operators: e.g. status=FAILED lists what needs attention; pass nextCursor as cursor "
                    + "for the next page.")
    public ArticlePage list(@QueryParam("status") String status, @QueryParam("cursor") String cursor,
                            @QueryParam("size") @DefaultValue("100") String size) {
        return ingest.list(parseStatus(status), cursor == null || cursor.isBlank() ? null : parseCursor(cursor),
                Parameters.intInRange("size", size, 100, 1, config.maxPageSize()));
    }

    @RolesAllowed(Roles.READER)
    @GET
    @Path("/{id}")
    @Operation(summary = "A stored article: cleaned text, status, attempts, last error and history")
    public ArticleView get(@PathParam("id") String id) {
        return ingest.view(parseId(id)).orElseThrow(() -> ProblemException.notFound("no article with id '" + id + "'"));
    }

    @RolesAllowed(Roles.READER)
    @GET
    @Path("/counts")
    @Operation(summary = "How many articles are in each state")
    public ArticleCounts counts() {
        return ingest.counts();
    }

    @RolesAllowed(Roles.CURATOR)
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
        return ingest.reannotate(entity.strip(), actor());
    }

    @RolesAllowed(Roles.CURATOR)
    @POST
    @Path("/retry")
    @Operation(summary = "Put FAILED articles back into the pipeline, in bulk",
            description = "Up to limit FAILED articles (each from the step it had reached); call again while "
                    + "requeued equals limit.")
    public RetryResult retryFailed(@QueryParam("status") @DefaultValue("FAILED") String status,
                                   @QueryParam("limit") @DefaultValue("1000") String limit) {
        if (parseStatus(status) != ArticleStatus.FAILED) {
            throw ProblemException.badRequest("Invalid parameter", "only FAILED articles can be retried");
        }
        return new RetryResult(ingest.retryFailed(Parameters.intInRange("limit", limit, 1000, 1, config.maxPageSize()), actor()));
    }

    @RolesAllowed(Roles.CURATOR)
    @POST
    @Path("/{id}/retry")
    @Operation(summary = "Put a FAILED article back into the pipeline")
    public ArticleView retry(@PathParam("id") String id) {
        return ingest.retry(parseId(id), actor())
                .orElseThrow(() -> ProblemException.notFound("no article with id '" + id + "'"));
    }

    private static Response accepted(SubmitResult result) {
        return Response.status(result.duplicate() ? Response.Status.OK : Response.Status.ACCEPTED)
                .header("Location", "/api/v1/articles/" + result.id())
                .entity(result).build();
    }

    private static ArticleStatus parseStatus(String status) {
        if (status == null || status.isBlank()) {
            throw ProblemException.badRequest("Invalid parameter", "status is required: one of RECEIVED, TAGGED, "
                    + "INDEXED, FAILED");
        }
        try {
            return ArticleStatus.valueOf(status.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("Invalid parameter", "status must be one of RECEIVED, TAGGED, INDEXED, "
                    + "FAILED; got '" + status + "'");
        }
    }

    private static UUID parseCursor(String cursor) {
        try {
            return UUID.fromString(cursor.strip());
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("Invalid parameter", "cursor must be a nextCursor of an earlier page");
        }
    }

    private static UUID parseId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("no article with id '" + id + "' (ids are UUIDs)");
        }
    }

}
