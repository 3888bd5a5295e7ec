package dev.dragoman.common.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;
import java.util.stream.Collectors;

/** Turns every failure into an RFC 9457 answer, so that no caller ever has to parse an HTML or empty error. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return respond(e.toProblem(), uri);
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(leaf(v.getPropertyPath().toString()), v.getMessage()))
                .sorted(java.util.Comparator.comparing(Problem.FieldError::field))
                .toList();
        String detail = errors.stream().map(f -> f.field() + ": " + f.message()).collect(Collectors.joining("; "));
        return respond(Problem.of(400, "Invalid request", detail).withErrors(errors), uri);
    }

    @ServerExceptionMapper
    public Response mismatchedJson(com.fasterxml.jackson.databind.exc.MismatchedInputException e, UriInfo uri) {
        return unreadableJson(e, uri);
    }

    @ServerExceptionMapper
    public Response malformedJson(com.fasterxml.jackson.core.JsonParseException e, UriInfo uri) {
        return unreadableJson(e, uri);
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e, UriInfo uri) {
        String where = e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
        String field = e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()
                ? " in field '" + mapping.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName()
                        : "[" + r.getIndex() + "]").collect(Collectors.joining(".")) + "'"
                : "";
        return respond(Problem.of(400, "Invalid JSON", "the request body is not valid JSON" + field + where + ": "
                + e.getOriginalMessage()), uri);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadableJson(json, uri);
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            LOG.error("request failed", e);
        }
        String title = Response.Status.fromStatusCode(status) != null
                ? Response.Status.fromStatusCode(status).getReasonPhrase() : "Error";
        String detail = switch (status) {
            case 415 -> "unsupported Content-Type: " + e.getMessage();
            case 406 -> "cannot produce the requested media type (Accept): " + e.getMessage();
            case 405 -> "method not allowed on this resource";
            default -> e.getMessage();
        };
        return respond(Problem.of(status, title, detail), uri);
    }

    /** No credentials, or a token that is not valid (expired, another issuer, bad signature): 401, as a problem. */
    @ServerExceptionMapper({io.quarkus.security.UnauthorizedException.class,
            io.quarkus.security.AuthenticationFailedException.class,
            io.quarkus.security.AuthenticationCompletionException.class})
    public Response unauthenticated(RuntimeException e, UriInfo uri) {
        Response problem = respond(Problem.of(401, "Unauthorized", "a valid bearer token is required "
                + "(Authorization: Bearer …, from the deployment's OpenID Connect issuer)"), uri);
        return Response.fromResponse(problem).header("WWW-Authenticate", "Bearer").build();
    }

    /** A valid token without a role this operation needs: 403, as a problem. */
    @ServerExceptionMapper(io.quarkus.security.ForbiddenException.class)
    public Response forbidden(io.quarkus.security.ForbiddenException e, UriInfo uri) {
        return respond(Problem.of(403, "Forbidden", "this caller's roles do not allow this operation"), uri);
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Exception e, UriInfo uri) {
        if (e instanceof IllegalArgumentException || e instanceof java.time.format.DateTimeParseException) {
            return respond(Problem.of(400, "Invalid request", e.getMessage()), uri);
        }
        LOG.error("unexpected failure", e);
        return respond(Problem.of(500, "Internal error", "an unexpected error occurred; it has been logged"), uri);
    }

    static Response respond(Problem problem, UriInfo uri) {
        Problem withPath = uri == null ? problem : problem.withInstance(uri.getRequestUri().getRawPath());
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(withPath).build();
    }

    private static String leaf(String path) {
        // "submit.arg0.title" -> "title"; keep list indexes ("items[2].id")
        String[] parts = path.split("\\.");
        return parts.length <= 2 ? parts[parts.length - 1] : String.join(".", java.util.Arrays.copyOfRange(parts, 2, parts.length));
    }
}
