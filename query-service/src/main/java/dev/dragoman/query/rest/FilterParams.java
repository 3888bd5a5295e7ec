package dev.dragoman.query.rest;

import dev.dragoman.common.problem.ProblemException;
import dev.dragoman.query.model.ArticleFilter;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/** The filter parameters shared by /search, /timeline and /export, read and checked in one place. */
public class FilterParams {

    @QueryParam("q")
    @Parameter(description = "full text: words (all must match), \"phrases\", -excluded, a | b, prefix*")
    public String q;

    @QueryParam("entity")
    @Parameter(description = "entity id or any alias; repeatable")
    public List<String> entity;

    @QueryParam("entityMatch")
    @Parameter(description = "all (default): every entity must be mentioned; any: at least one")
    public String entityMatch;

    @QueryParam("type")
    @Parameter(description = "only articles mentioning an entity of this type: PERSON, ORGANIZATION, LOCATION, MISC")
    public String type;

    @QueryParam("from")
    @Parameter(description = "published on or after: YYYY-MM-DD or ISO date-time")
    public String from;

    @QueryParam("to")
    @Parameter(description = "published on or before: YYYY-MM-DD (the whole day) or ISO date-time")
    public String to;

    @QueryParam("mentionedDate")
    @Parameter(description = "articles that mention this calendar date (YYYY-MM-DD)")
    public String mentionedDate;

    @QueryParam("mentionedFrom")
    public String mentionedFrom;

    @QueryParam("mentionedTo")
    public String mentionedTo;

    @QueryParam("source")
    @Parameter(description = "source name; repeatable (any matches)")
    public List<String> source;

    public ArticleFilter toFilter() {
        OffsetDateTime fromDate = dateTime("from", from, false);
        OffsetDateTime toDate = dateTime("to", to, true);
        if (fromDate != null && toDate != null && fromDate.isAfter(toDate)) {
            throw ProblemException.badRequest("Invalid parameter", "from (" + from + ") is after to (" + to + ")");
        }
        LocalDate mentionedStart = day("mentionedFrom", mentionedFrom);
        LocalDate mentionedEnd = day("mentionedTo", mentionedTo);
        LocalDate mentionedOn = day("mentionedDate", mentionedDate);
        if (mentionedOn != null) {
            mentionedStart = mentionedOn;
            mentionedEnd = mentionedOn;
        }
        boolean any = false;
        if (entityMatch != null && !entityMatch.isBlank()) {
            any = switch (entityMatch.strip().toLowerCase(Locale.ROOT)) {
                case "any" -> true;
                case "all" -> false;
                default -> throw ProblemException.badRequest("Invalid parameter",
                        "entityMatch must be 'all' or 'any'; got '" + entityMatch + "'");
            };
        }
        String entityType = blankToNull(type);
        if (entityType != null) {
            entityType = dev.dragoman.query.service.EntityService.parseType(entityType).name();
        }
        return new ArticleFilter(blankToNull(q), nonBlank(entity), any, entityType, fromDate, toDate,
                mentionedStart, mentionedEnd, nonBlank(source));
    }

    private static List<String> nonBlank(List<String> values) {
        return values == null ? List.of() : values.stream().filter(v -> v != null && !v.isBlank()).map(String::strip).toList();
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    static LocalDate day(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest("Invalid date", name + " must be a date (YYYY-MM-DD); got '" + value + "'");
        }
    }

    /** A day (YYYY-MM-DD: its start, or its end) or an ISO date-time. */
    static OffsetDateTime dateTime(String name, String value, boolean endOfDay) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            if (value.strip().length() == 10) {
                LocalDate day = LocalDate.parse(value.strip());
                return endOfDay ? day.plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC).minusNanos(1_000_000)
                        : day.atStartOfDay().atOffset(ZoneOffset.UTC);
            }
            return OffsetDateTime.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest("Invalid date", name + " must be a date (YYYY-MM-DD) or an ISO date-time "
                    + "(2025-02-26T10:00:00Z); got '" + value + "'");
        }
    }
}
