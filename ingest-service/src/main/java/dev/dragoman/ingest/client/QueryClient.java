package dev.dragoman.ingest.client;

import dev.dragoman.common.api.ArticleDocument;
import dev.dragoman.common.api.BulkResult;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.util.List;

/** query-service's indexing API (quarkus.rest-client.query.*). Idempotent: the article id is the document id. */
@io.quarkus.oidc.client.filter.OidcClientFilter
@RegisterRestClient(configKey = "query")
@Path("/internal/v1/articles")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public interface QueryClient {

    /**
     * Many articles in one call; the answer lists each one that failed. {@code backlog}: this pipeline works through
     * a backlog (query-service refreshes the index less often meanwhile).
     */
    @POST
    @Path("/bulk")
    BulkResult indexAll(@jakarta.ws.rs.QueryParam("backlog") boolean backlog, List<ArticleDocument> articles);
}
