package dev.dragoman.query.rest;

import dev.dragoman.common.problem.Problem;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.io.UncheckedIOException;

/**
 * Elasticsearch out of reach is a 503 with Retry-After, not an internal error: callers (ingest-service's pipeline
 * among them) retry later, and nothing already accepted is lost.
 */
public class BackendProblems {

    private static final Logger LOG = Logger.getLogger(BackendProblems.class);

    @ServerExceptionMapper
    public Response unreachable(UncheckedIOException e, UriInfo uri) {
        LOG.warn(e.getMessage()); // "Elasticsearch unreachable: ..." (repository.Elastic)
        Problem problem = Problem.of(503, "Search backend unavailable",
                "Elasticsearch cannot be reached right now; retry later").withInstance(uri.getRequestUri().getRawPath());
        return Response.status(503).type(Problem.MEDIA_TYPE).header("Retry-After", "5").entity(problem).build();
    }
}
