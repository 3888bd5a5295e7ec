package dev.dragoman.query.rest;

import dev.dragoman.common.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import dev.dragoman.common.problem.ProblemException;
import dev.dragoman.query.model.StoredArticle;
import dev.dragoman.query.service.SearchService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Indexed articles, read through the public API (indexing is {@link IndexResource}, internal). */
@Tag(name = "Articles", description = "Indexed articles")
@Path("/api/v1/articles")
@Produces(MediaType.APPLICATION_JSON)
public class ArticleResource {

    private final SearchService search;

    public ArticleResource(SearchService search) {
        this.search = search;
    }

    @RolesAllowed(Roles.READER)
    @GET
    @Path("/{id}")
    @ConditionalGet
    @Operation(summary = "An indexed article with its annotation")
    public StoredArticle getArticle(@PathParam("id") String id) {
        StoredArticle article = search.get(id);
        if (article == null) {
            throw ProblemException.notFound("no indexed article with id '" + id + "'");
        }
        return article;
    }
}
