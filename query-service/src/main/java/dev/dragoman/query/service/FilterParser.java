package dev.dragoman.query.service;

import dev.dragoman.common.problem.Parameters;
import dev.dragoman.common.problem.ProblemException;
import dev.dragoman.query.model.ArticleFilter;
import dev.dragoman.query.model.SavedSearch;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/** Reads and checks search filters given as text (query parameters, or a saved search's JSON) into an ArticleFilter. */
public final class FilterParser {

    private FilterParser() {
    }

    static final int MAX_QUERY_CHARS = 1000;
    static final int MAX_VALUES = 20;

    public static ArticleFilter parse(SavedSearch.Spec spec) {
        if (spec.q() != null && spec.q().length() > MAX_QUERY_CHARS) {
            throw ProblemException.badRequest("Invalid parameter", "q has " + spec.q().length()
                    + " characters; the limit is " + MAX_QUERY_CHARS);
        }
        limit("entity", spec.entity());
        limit("source", spec.source());
        limit("language", spec.language());
        OffsetDateTime fromDate = dateTime("from", spec.from(), false);
        OffsetDateTime toDate = dateTime("to", spec.to(), true);
        if (fromDate != null && toDate != null && fromDate.isAfter(toDate)) {
            throw ProblemException.badRequest("Invalid parameter", "from (" + spec.from() + ") is after to ("
                    + spec.to() + ")");
        }
        boolean any = false;
        if (spec.entityMatch() != null && !spec.entityMatch().isBlank()) {
            any = switch (spec.entityMatch().strip().toLowerCase(Locale.ROOT)) {
                case "any" -> true;
                case "all" -> false;
                default -> throw ProblemException.badRequest("Invalid parameter",
                        "entityMatch must be 'all' or 'any'; got '" + spec.entityMatch() + "'");
            };
        }
        String type = blankToNull(spec.type());
        if (type != null) {
            type = Parameters.entityType(type).name();
        }
        return new ArticleFilter(blankToNull(spec.q()), nonBlank(spec.entity()), any, type, fromDate, toDate,
                day("mentionedFrom", spec.mentionedFrom()), day("mentionedTo", spec.mentionedTo()),
                nonBlank(spec.source()), nonBlank(spec.language()).stream().map(l -> l.toLowerCase(Locale.ROOT)).toList(),
                null, null);
    }

    private static void limit(String name, List<String> values) {
        if (values != null && values.size() > MAX_VALUES) {
            throw ProblemException.badRequest("Invalid parameter", name + " is given " + values.size()
                    + " times; the limit is " + MAX_VALUES);
        }
    }

    private static List<String> nonBlank(List<String> values) {
        return values == null ? List.of()
                : values.stream().filter(v -> v != null && !v.isBlank()).map(String::strip).toList();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    public static LocalDate day(String name, String value) {
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
    public static OffsetDateTime dateTime(String name, String value, boolean endOfDay) {
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
