package dev.dragoman.query.rest;

import dev.dragoman.common.problem.Parameters;
import dev.dragoman.common.problem.ProblemException;
import dev.dragoman.query.config.QueryConfig;
import dev.dragoman.query.model.SearchPage;
import dev.dragoman.query.model.SearchQuery;
import dev.dragoman.query.service.SearchService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

@Path("/api/v1/search")
@Produces(MediaType.APPLICATION_JSON)
public class SearchResource {

    private final SearchService search;
    private final QueryConfig config;

    public SearchResource(SearchService search, QueryConfig config) {
        this.search = search;
        this.config = config;
    }

    @GET
    @Operation(summary = "Search articles", description = "Full text (phrases in quotes, -excluded, a|b, prefix*), "
            + "entity filters by id or alias, type, publication date range and source; cursor paging without a limit.")
    public SearchPage search(
            @Parameter(description = "full-text query") @QueryParam("q") String q,
            @Parameter(description = "entity id or alias; repeat for several (all must match)")
            @QueryParam("entity") List<String> entities,
            @Parameter(description = "PERSON, ORGANIZATION, LOCATION or MISC") @QueryParam("type") String type,
            @Parameter(description = "published on or after (YYYY-MM-DD or ISO date-time)") @QueryParam("from") String from,
            @Parameter(description = "published on or before (YYYY-MM-DD or ISO date-time)") @QueryParam("to") String to,
            @QueryParam("source") String source,
            @Parameter(description = "page size, 1 to the configured maximum") @QueryParam("size") String size,
            @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor") String cursor) {
        int pageSize = Parameters.intInRange("size", size, config.defaultPageSize(), 1, config.maxPageSize());
        OffsetDateTime fromDate = date("from", from, false);
        OffsetDateTime toDate = date("to", to, true);
        if (fromDate != null && toDate != null && fromDate.isAfter(toDate)) {
            throw ProblemException.badRequest("Invalid parameter", "from (" + from + ") is after to (" + to + ")");
        }
        List<String> entityFilters = entities == null ? List.of()
                : entities.stream().filter(e -> e != null && !e.isBlank()).toList();
        return search.search(new SearchQuery(blankToNull(q), entityFilters, blankToNull(type), fromDate, toDate,
                blankToNull(source), pageSize, blankToNull(cursor)));
    }

    /** A day (YYYY-MM-DD, the whole day) or an ISO date-time. */
    static OffsetDateTime date(String name, String value, boolean endOfDay) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            if (value.length() == 10) {
                LocalDate day = LocalDate.parse(value);
                return endOfDay ? day.plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC).minusNanos(1000000)
                        : day.atStartOfDay().atOffset(ZoneOffset.UTC);
            }
            return OffsetDateTime.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest("Invalid date", name + " must be a date (YYYY-MM-DD) or an ISO date-time "
                    + "(2025-02-26T10:00:00Z); got '" + value + "'");
        }
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
