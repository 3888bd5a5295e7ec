package dev.dragoman.query.service;

import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregation;
import co.elastic.clients.elasticsearch._types.aggregations.CalendarInterval;
import co.elastic.clients.elasticsearch._types.aggregations.DateHistogramBucket;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import dev.dragoman.common.api.EntityType;
import dev.dragoman.common.problem.ProblemException;
import dev.dragoman.query.model.SearchPage.FacetValue;
import dev.dragoman.query.model.Timeline;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The aggregations behind facets and timelines, and how their answers are read back. */
final class Aggregations {

    /** Facet names a caller may ask for, and the entity type each counts (null: not an entity facet). */
    static final Map<String, EntityType> ENTITY_FACETS = Map.of("people", EntityType.PERSON,
            "organizations", EntityType.ORGANIZATION, "places", EntityType.LOCATION, "misc", EntityType.MISC);
    static final List<String> FACETS = List.of("people", "organizations", "places", "misc", "sources", "dates");

    private Aggregations() {
    }

    static CalendarInterval interval(String name) {
        return switch (name == null ? "month" : name.strip().toLowerCase(Locale.ROOT)) {
            case "day" -> CalendarInterval.Day;
            case "week" -> CalendarInterval.Week;
            case "month" -> CalendarInterval.Month;
            case "year" -> CalendarInterval.Year;
            default -> throw ProblemException.badRequest("Invalid parameter",
                    "interval must be day, week, month or year; got '" + name + "'");
        };
    }

    static Aggregation dateHistogram(CalendarInterval interval) {
        return Aggregation.of(a -> a.dateHistogram(h -> h.field("publishedAt").calendarInterval(interval)
                .minDocCount(0)));
    }

    static List<Timeline.Bucket> buckets(Aggregate histogram) {
        List<Timeline.Bucket> buckets = new ArrayList<>();
        for (DateHistogramBucket bucket : histogram.dateHistogram().buckets().array()) {
            buckets.add(new Timeline.Bucket(LocalDate.ofInstant(Instant.ofEpochMilli(bucket.key()), ZoneOffset.UTC),
                    bucket.docCount()));
        }
        return buckets;
    }

    /** Top entities of one type among the matching articles, counted in articles (not mentions). */
    static Aggregation entityFacet(EntityType type, int size) {
        return Aggregation.of(a -> a.nested(n -> n.path("entities"))
                .aggregations("typed", t -> t.filter(f -> f.term(x -> x.field("entities.type").value(type.name())))
                        .aggregations("ids", i -> i.terms(x -> x.field("entities.id").size(size))
                                .aggregations("name", x -> x.terms(y -> y.field("entities.name").size(1)))
                                .aggregations("articles", x -> x.reverseNested(r -> r)))));
    }

    static List<FacetValue> entityFacetValues(Aggregate facet, EntityType type) {
        List<FacetValue> values = new ArrayList<>();
        Aggregate ids = facet.nested().aggregations().get("typed").filter().aggregations().get("ids");
        for (StringTermsBucket bucket : ids.sterms().buckets().array()) {
            var names = bucket.aggregations().get("name").sterms().buckets().array();
            values.add(new FacetValue(bucket.key().stringValue(), names.isEmpty() ? null : names.get(0).key().stringValue(),
                    type.name(), bucket.aggregations().get("articles").reverseNested().docCount()));
        }
        values.sort((a, b) -> Long.compare(b.count(), a.count()));
        return values;
    }

    static Aggregation sourceFacet(int size) {
        return Aggregation.of(a -> a.terms(t -> t.field("source").size(size)));
    }

    static List<FacetValue> termValues(Aggregate terms) {
        return terms.sterms().buckets().array().stream()
                .map(b -> new FacetValue(b.key().stringValue(), null, null, b.docCount())).toList();
    }

    static List<FacetValue> dateValues(Aggregate histogram) {
        return buckets(histogram).stream().map(b -> new FacetValue(b.date().toString(), null, null, b.count())).toList();
    }
}
