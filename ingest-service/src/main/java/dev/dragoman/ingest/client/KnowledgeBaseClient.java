package dev.dragoman.ingest.client;

import dev.dragoman.common.api.KbChanges;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** nlp-service's knowledge base, read with ingest-service's own identity (the same quarkus.rest-client.nlp.*). */
@io.quarkus.oidc.client.filter.OidcClientFilter
@RegisterRestClient(configKey = "nlp")
@Path("/api/v1/entities")
@Produces(MediaType.APPLICATION_JSON)
public interface KnowledgeBaseClient {

    /** The names and entities that changed in [since, until), and the articles that used those names. */
    @GET
    @Path("/changes")
    KbChanges changes(@QueryParam("since") String since);
}
