package dev.dragoman.query.service;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import dev.dragoman.common.api.EntityType;
import dev.dragoman.common.problem.ProblemException;
import dev.dragoman.query.model.EntityList;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Entities as the indexed articles know them: aggregated from the articles' nested entities, so names, aliases and
 * article counts are always those of the index itself.
 */
@ApplicationScoped
public class EntityService {

    private final ElasticsearchClient client;
    private final IndexAdmin index;

    public EntityService(ElasticsearchClient client, IndexAdmin index) {
        this.client = client;
        this.index = index;
    }

    /**
     * Entities one of whose names or aliases has words starting with q ("lav" finds "Sergei Lavrov"),
     * most-mentioned first, each with all its aliases.
     */
    public EntityList find(String q, String type, int size) {
        List<Query> conditions = new ArrayList<>();
        if (q != null && !q.isBlank()) {
            String text = q.strip();
            conditions.add(Query.of(b -> b.bool(o -> o
                    .should(s -> s.matchBoolPrefix(p -> p.field("entities.aliases.words").query(text)
                            .operator(co.elastic.clients.elasticsearch._types.query_dsl.Operator.And)))
                    .should(s -> s.term(t -> t.field("entities.id").value(text)))
                    .minimumShouldMatch("1"))));
        }
        if (type != null) {
            conditions.add(Query.of(b -> b.term(t -> t.field("entities.type").value(parseType(type).name()))));
        }
        return new EntityList(describe(ids(conditions, size)));
    }

    /**
     * The ids an entity= value names: the value itself when it is a known id, otherwise every entity that has it as
     * a name or alias (so "Lavrov" finds the person however his first name was spelled).
     */
    public Set<String> resolve(String value) {
        String trimmed = value.strip();
        List<Query> conditions = List.of(Query.of(b -> b.bool(o -> o
                .should(s -> s.term(t -> t.field("entities.id").value(trimmed)))
                .should(s -> s.term(t -> t.field("entities.aliases.lower").value(trimmed.toLowerCase(Locale.ROOT))))
                .minimumShouldMatch("1"))));
        return new LinkedHashSet<>(ids(conditions, 50));
    }

    /** Ids of the entities any of whose mentions meets the conditions, most-mentioned first. */
    private List<String> ids(List<Query> conditions, int size) {
        return aggregate(conditions, size).stream().map(EntityList.Item::id).toList();
    }

    /** Name, type, every alias and the article count of each entity. */
    private List<EntityList.Item> describe(List<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        List<co.elastic.clients.elasticsearch._types.FieldValue> values = ids.stream()
                .map(co.elastic.clients.elasticsearch._types.FieldValue::of).toList();
        return aggregate(List.of(Query.of(b -> b.terms(t -> t.field("entities.id").terms(v -> v.value(values))))),
                ids.size());
    }

    private List<EntityList.Item> aggregate(List<Query> conditions, int size) {
        index.ensureIndex();
        Query inner = Query.of(b -> b.bool(o -> o.filter(conditions)));
        SearchResponse<Void> response;
        try {
            response = client.search(s -> s.index(index.alias()).size(0)
                    .query(q -> q.nested(n -> n.path("entities").query(inner)))
                    .aggregations("entities", a -> a.nested(n -> n.path("entities"))
                            .aggregations("matching", m -> m.filter(inner)
                                    .aggregations("ids", i -> i.terms(t -> t.field("entities.id").size(size))
                                            .aggregations("name", x -> x.terms(t -> t.field("entities.name").size(1)))
                                            .aggregations("type", x -> x.terms(t -> t.field("entities.type").size(1)))
                                            .aggregations("aliases", x -> x.terms(t -> t.field("entities.aliases").size(25)))
                                            .aggregations("articles", x -> x.reverseNested(r -> r))))),
                    Void.class);
        } catch (IOException e) {
            throw new UncheckedIOException("Elasticsearch unreachable: " + e.getMessage(), e);
        }
        Aggregate ids = response.aggregations().get("entities").nested().aggregations().get("matching").filter()
                .aggregations().get("ids");
        List<EntityList.Item> items = new ArrayList<>();
        for (StringTermsBucket bucket : ids.sterms().buckets().array()) {
            items.add(new EntityList.Item(bucket.key().stringValue(),
                    first(bucket.aggregations().get("name")),
                    first(bucket.aggregations().get("type")),
                    bucket.aggregations().get("aliases").sterms().buckets().array().stream()
                            .map(b -> b.key().stringValue()).toList(),
                    bucket.aggregations().get("articles").reverseNested().docCount()));
        }
        items.sort((a, b) -> Long.compare(b.articleCount(), a.articleCount()));
        return items;
    }

    private static String first(Aggregate terms) {
        var buckets = terms.sterms().buckets().array();
        return buckets.isEmpty() ? null : buckets.get(0).key().stringValue();
    }

    static EntityType parseType(String type) {
        try {
            return EntityType.valueOf(type.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("Invalid parameter", "type must be one of PERSON, ORGANIZATION, LOCATION, "
                    + "MISC; got '" + type + "'");
        }
    }
}
