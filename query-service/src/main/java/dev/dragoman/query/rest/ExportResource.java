package dev.dragoman.query.rest;

import dev.dragoman.common.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dragoman.common.problem.ProblemException;
import dev.dragoman.query.model.ArticleFilter;
import dev.dragoman.query.model.StoredArticle;
import dev.dragoman.query.service.SearchService;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Streams every article of a search as NDJSON or CSV, page by page from a point-in-time: any size, constant memory.
 */
@Tag(name = "Export", description = "Streaming export of any search")
@RateLimited(dev.dragoman.query.service.RateLimiter.Kind.EXPORT)
@Path("/api/v1/export")
public class ExportResource {

    static final int PAGE = 1000;

    private final SearchService search;
    private final ObjectMapper json;

    public ExportResource(SearchService search, ObjectMapper json) {
        this.search = search;
        this.json = json;
    }

    @RolesAllowed(Roles.READER)
    @GET
    @Operation(summary = "Export a search", description = "format=ndjson (default: one article per line, full text "
            + "and entities) or csv (id, publishedAt, source, url, title, entity ids). Same filters as /search.")
    public Response export(@BeanParam FilterParams params, @QueryParam("format") String format,
                           @QueryParam("sort") String sort) {
        ArticleFilter filter = params.toFilter();
        String sortName = SearchService.sortName(sort, filter);
        String kind = format == null || format.isBlank() ? "ndjson" : format.strip().toLowerCase(Locale.ROOT);
        StreamingOutput body = switch (kind) {
            case "ndjson" -> out -> write(out, writer -> search.forEach(filter, sortName, PAGE, article -> {
                try {
                    writer.write(json.writeValueAsString(article));
                    writer.write('\n');
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }));
            case "csv" -> out -> write(out, writer -> {
                line(writer, "id,publishedAt,source,url,title,entities");
                search.forEach(filter, sortName, PAGE, article -> line(writer, csvRow(article)));
            });
            default -> throw ProblemException.badRequest("Invalid parameter", "format must be ndjson or csv; got '"
                    + format + "'");
        };
        String type = kind.equals("csv") ? "text/csv; charset=UTF-8" : "application/x-ndjson";
        return Response.ok(body, type)
                .header("Content-Disposition", "attachment; filename=\"dragoman-export." + kind + "\"").build();
    }

    private interface Body {
        void writeTo(Writer writer);
    }

    private static void write(java.io.OutputStream out, Body body) throws IOException {
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        try {
            body.writeTo(writer);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        writer.flush();
    }

    private static void line(Writer writer, String line) {
        try {
            writer.write(line);
            writer.write("\r\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String csvRow(StoredArticle a) {
        return String.join(",", csv(a.id()), csv(a.publishedAt() == null ? null : a.publishedAt().toString()),
                csv(a.source()), csv(a.url()), csv(a.title()),
                csv(a.entityIds() == null ? null : a.entityIds().stream().collect(Collectors.joining(";"))));
    }

    /** RFC 4180 quoting; a leading =, +, - or @ is prefixed so spreadsheets do not run it as a formula. */
    static String csv(String value) {
        if (value == null) {
            return "";
        }
        String safe = value.matches("^[=+\\-@].*") ? "'" + value : value;
        return "\"" + safe.replace("\"", "\"\"") + "\"";
    }
}
