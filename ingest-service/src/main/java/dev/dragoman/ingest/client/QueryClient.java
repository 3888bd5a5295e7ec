package dev.dragoman.ingest.client;

import dev.dragoman.common.api.ArticleDocument;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** query-service's indexing API (quarkus.rest-client.query.*). Idempotent: the article id is the document id. */
@RegisterRestClient(configKey = "query")
@Path("/api/v1/articles")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public interface QueryClient {

    @PUT
    @Path("/{id}")
    void index(@PathParam("id") String id, ArticleDocument article);
}
