package dev.dragoman.common.problem;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Problem answers written straight to the HTTP layer, by filters that run before JAX-RS. */
final class RoutingProblems {

    private RoutingProblems() {
    }

    /** Answers with an RFC 9457 problem and closes the connection (the request's body is not read). */
    static void end(RoutingContext context, int status, String title, String detail) {
        String path = context.request().path();
        JsonObject problem = new JsonObject().put("type", Problem.typeFor(title).toString()).put("title", title)
                .put("status", status).put("detail", detail)
                .put("instance", path == null ? null : path.length() > 200 ? path.substring(0, 200) + "…" : path);
        context.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close").end(problem.encode());
    }
}
