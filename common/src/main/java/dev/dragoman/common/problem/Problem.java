package dev.dragoman.common.problem;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.net.URI;
import java.util.List;

/** An RFC 9457 problem detail: the body of every error answer of every Dragoman service. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(URI type, String title, int status, String detail, String instance, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** One invalid field or parameter of a request. */
    public record FieldError(String field, String message) {
    }

    public static Problem of(int status, String title, String detail) {
        return new Problem(typeFor(title), title, status, detail, null, List.of());
    }

    /** A stable, documented type URI per kind of problem, e.g. https://dragoman.dev/problems/invalid-date. */
    static URI typeFor(String title) {
        String slug = title.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        return URI.create("https://dragoman.dev/problems/" + slug);
    }

    public Problem withInstance(String path) {
        return new Problem(type, title, status, detail, path, errors);
    }

    public Problem withErrors(List<FieldError> fieldErrors) {
        return new Problem(type, title, status, detail, instance, fieldErrors);
    }
}
