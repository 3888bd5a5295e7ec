package dev.dragoman.ingest.client;

import dev.dragoman.common.api.AnnotateRequest;
import dev.dragoman.common.api.Annotation;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** nlp-service's annotate API (quarkus.rest-client.nlp.*: url, connect-timeout, read-timeout). */
@io.quarkus.oidc.client.filter.OidcClientFilter
@RegisterRestClient(configKey = "nlp")
@Path("/api/v1/annotate")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public interface NlpClient {

    @POST
    Annotation annotate(AnnotateRequest request);
}
