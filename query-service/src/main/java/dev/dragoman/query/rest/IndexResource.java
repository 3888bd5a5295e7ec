package dev.dragoman.query.rest;

import dev.dragoman.common.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import dev.dragoman.common.api.ArticleDocument;
import dev.dragoman.common.problem.ProblemException;
import dev.dragoman.common.api.BulkResult;
import dev.dragoman.query.model.IndexResult;
import dev.dragoman.query.service.ArticleIndexer;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/**
 * The only way articles get into Elasticsearch: ingest-service calls this, never the cluster directly. Internal: under
 * /internal, a prefix the chart's Ingress never routes (the public API is /api/v1), so that nothing outside the
 * cluster can overwrite an indexed article.
 */
@Tag(name = "Indexing", description = "Internal: indexing articles (called by ingest-service only)")
@Path("/internal/v1/articles")
@Produces(MediaType.APPLICATION_JSON)
public class IndexResource {

    static final int MAX_BULK = 5000;

    private final ArticleIndexer indexer;

    public IndexResource(ArticleIndexer indexer) {
        this.indexer = indexer;
    }

    @RolesAllowed(Roles.INDEXER)
    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Index an article (idempotent)", description = "Creates or replaces the article with this id.")
    public IndexResult index(@PathParam("id") String id,
                             @Valid @NotNull(message = "a JSON article is required") ArticleDocument article) {
        if (!id.equals(article.id())) {
            throw ProblemException.badRequest("Invalid request", "the path id '" + id + "' differs from the body id '"
                    + article.id() + "'");
        }
        return indexer.index(article);
    }

    @RolesAllowed(Roles.INDEXER)
    @POST
    @Path("/bulk")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Index many articles at once (idempotent)", description = "A JSON array of up to "
            + MAX_BULK + " articles; the answer lists each one that failed. With backlog=true (the caller is working "
            + "through a backlog) the index refreshes every dragoman.query.backlog-refresh-interval until a bulk "
            + "without it.")
    public BulkResult indexAll(@QueryParam("backlog") @DefaultValue("false") boolean backlog,
                               @NotNull(message = "a JSON array of articles is required")
                               List<@Valid @NotNull ArticleDocument> articles) {
        if (articles.size() > MAX_BULK) {
            throw new ProblemException(413, "Too many articles", articles.size() + " articles in one call; the limit is "
                    + MAX_BULK);
        }
        if (articles.isEmpty()) {
            return new BulkResult(0, List.of());
        }
        return indexer.indexAll(articles, backlog);
    }
}
