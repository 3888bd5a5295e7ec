package dev.dragoman.query.service;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.query_dsl.Operator;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch._types.query_dsl.SimpleQueryStringFlag;
import dev.dragoman.query.model.ArticleFilter;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Turns an {@link ArticleFilter} into one Elasticsearch query; the only place that does. */
@ApplicationScoped
public class ArticleQueries {

    private final EntityService entities;

    public ArticleQueries(EntityService entities) {
        this.entities = entities;
    }

    /** The query, or empty when the filter cannot match anything (an entity nobody mentions). */
    public Optional<Query> toQuery(ArticleFilter filter) {
        List<Query> filters = new ArrayList<>();
        Set<String> anyOf = new LinkedHashSet<>();
        for (String entity : filter.entities()) {
            Set<String> ids = entities.resolve(entity);
            if (filter.anyEntity()) {
                anyOf.addAll(ids);
                continue;
            }
            if (ids.isEmpty()) {
                return Optional.empty();
            }
            filters.add(idsQuery(ids));
        }
        if (filter.anyEntity() && !filter.entities().isEmpty()) {
            if (anyOf.isEmpty()) {
                return Optional.empty();
            }
            filters.add(idsQuery(anyOf));
        }
        if (filter.type() != null) {
            filters.add(Query.of(b -> b.nested(n -> n.path("entities")
                    .query(i -> i.term(t -> t.field("entities.type").value(filter.type()))))));
        }
        DateRanges.add(filters, "publishedAt", filter.from(), true, filter.to());
        DateRanges.add(filters, "mentionedDates", filter.mentionedFrom(), true, filter.mentionedTo());
        DateRanges.add(filters, "indexedAt", filter.indexedAfter(), false, filter.indexedUpTo());
        if (!filter.languages().isEmpty()) {
            List<FieldValue> values = filter.languages().stream().map(FieldValue::of).toList();
            filters.add(Query.of(b -> b.terms(t -> t.field("language").terms(v -> v.value(values)))));
        }
        if (!filter.sources().isEmpty()) {
            List<FieldValue> values = filter.sources().stream().map(FieldValue::of).toList();
            filters.add(Query.of(b -> b.terms(t -> t.field("source").terms(v -> v.value(values)))));
        }
        return Optional.of(Query.of(b -> b.bool(o -> {
            o.filter(filters);
            if (filter.fullText()) {
                // simple_query_string: phrases, +, -, |, prefix*; never raises on bad syntax and cannot reach raw DSL
                o.must(m -> m.simpleQueryString(s -> s.query(filter.q()).fields("title^3", "body")
                        .defaultOperator(Operator.And)
                        .flags(SimpleQueryStringFlag.And, SimpleQueryStringFlag.Or, SimpleQueryStringFlag.Not,
                                SimpleQueryStringFlag.Phrase, SimpleQueryStringFlag.Prefix,
                                SimpleQueryStringFlag.Precedence, SimpleQueryStringFlag.Whitespace,
                                SimpleQueryStringFlag.Escape)));
            }
            return o;
        })));
    }

    private static Query idsQuery(Set<String> ids) {
        List<FieldValue> values = ids.stream().map(FieldValue::of).toList();
        return Query.of(b -> b.terms(t -> t.field("entityIds").terms(v -> v.value(values))));
    }
}
