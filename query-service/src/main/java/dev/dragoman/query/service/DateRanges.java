package dev.dragoman.query.service;

import co.elastic.clients.elasticsearch._types.query_dsl.Query;

import java.util.List;

/** One way to write a date range filter, for every date field the queries use. */
final class DateRanges {

    private DateRanges() {
    }

    /**
     * Adds a range filter on the field to the list when either bound is given.
     *
     * @param lower     the lower bound (ISO text), or null
     * @param inclusive whether the lower bound itself matches (gte) or not (gt)
     * @param upper     the inclusive upper bound (ISO text), or null
     */
    static void add(List<Query> filters, String field, Object lower, boolean inclusive, Object upper) {
        if (lower == null && upper == null) {
            return;
        }
        filters.add(Query.of(b -> b.range(r -> r.date(d -> {
            d.field(field);
            if (lower != null) {
                if (inclusive) {
                    d.gte(lower.toString());
                } else {
                    d.gt(lower.toString());
                }
            }
            if (upper != null) {
                d.lte(upper.toString());
            }
            return d;
        }))));
    }
}
