package dev.dragoman.query.service;

import dev.dragoman.query.repository.Elastic;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch._types.query_dsl.Operator;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.util.ObjectBuilder;
import dev.dragoman.common.problem.Parameters;
import dev.dragoman.query.model.Cooccurrences;
import dev.dragoman.query.model.EntityList;
import dev.dragoman.query.model.EntityProfile;
import io.quarkus.cache.CacheResult;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

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
                            .operator(Operator.And)))
                    .should(s -> s.term(t -> t.field("entities.id").value(text)))
                    .minimumShouldMatch("1"))));
        }
        if (type != null) {
            conditions.add(Query.of(b -> b.term(t -> t.field("entities.type").value(Parameters.entityType(type).name()))));
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
        List<FieldValue> values = ids.stream()
                .map(FieldValue::of).toList();
        return aggregate(List.of(Query.of(b -> b.terms(t -> t.field("entities.id").terms(v -> v.value(values))))),
                ids.size());
    }

    private List<EntityList.Item> aggregate(List<Query> conditions, int size) {
        index.ensureIndex();
        Query inner = Query.of(b -> b.bool(o -> o.filter(conditions)));
        SearchResponse<Void> response = Elastic.call(() -> client.search(s -> s.index(index.alias()).size(0)
                .query(q -> q.nested(n -> n.path("entities").query(inner)))
                .aggregations("entities", a -> a.nested(n -> n.path("entities"))
                        .aggregations("matching", m -> m.filter(inner)
                                .aggregations("ids", i -> i.terms(t -> t.field("entities.id").size(size))
                                        .aggregations("name", x -> x.terms(t -> t.field("entities.name").size(1)))
                                        .aggregations("type", x -> x.terms(t -> t.field("entities.type").size(1)))
                                        .aggregations("aliases", x -> x.terms(t -> t.field("entities.aliases").size(25)))
                                        .aggregations("articles", x -> x.reverseNested(r -> r))))),
                Void.class));
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

    /** The profile of one entity, or empty if no indexed article mentions it. */
    public Optional<EntityProfile> profile(String id, int top) {
        List<EntityList.Item> described = describe(List.of(id));
        if (described.isEmpty()) {
            return Optional.empty();
        }
        EntityList.Item entity = described.get(0);
        SearchResponse<Void> response = search(s -> s.index(index.alias()).size(0)
                .query(q -> q.term(t -> t.field("entityIds").value(id)))
                .aggregations("first", a -> a.min(m -> m.field("publishedAt")))
                .aggregations("last", a -> a.max(m -> m.field("publishedAt")))
                .aggregations("with", a -> a.terms(t -> t.field("entityIds").size(top).exclude(e -> e.terms(List.of(id))))));
        List<StringTermsBucket> buckets = response.aggregations().get("with").sterms().buckets().array();
        Map<String, Name> names = names(buckets.stream().map(b -> b.key().stringValue()).toList());
        List<EntityProfile.Related> related = buckets.stream().map(b -> {
            Name other = names.get(b.key().stringValue());
            return new EntityProfile.Related(b.key().stringValue(),
                    other == null ? null : other.name(), other == null ? null : other.type(), b.docCount());
        }).toList();
        return Optional.of(new EntityProfile(entity.id(), entity.name(), entity.type(),
                entity.aliases(), entity.articleCount(), date(response.aggregations().get("first").min().value()),
                date(response.aggregations().get("last").max().value()), related, List.of()));
    }

    /**
     * Entities significantly associated with this one (significant_terms over the articles that mention it,
     * against the whole index), optionally of one type and within a publication date range. Answers are kept for a
     * few seconds (and dropped whenever this instance indexes): the same few entities are asked for again and
     * again, and an answer costs two HTTP hops and two JSON conversions where Elasticsearch's own request cache
     * answers in well under a millisecond.
     */
    @CacheResult(cacheName = dev.dragoman.query.config.Caches.COOCCURRENCES)
    public Optional<Cooccurrences> cooccurrences(String id, String type,
            OffsetDateTime from, OffsetDateTime to, int size) {
        String prefix = type == null ? null : switch (Parameters.entityType(type)) {
            case PERSON -> "person:";
            case ORGANIZATION -> "org:";
            case LOCATION -> "place:";
            case MISC -> "misc:";
        };
        List<Query> filters = new ArrayList<>();
        filters.add(Query.of(f -> f.term(t -> t.field("entityIds").value(id))));
        DateRanges.add(filters, "publishedAt", from, true, to);
        Query foreground = Query.of(q -> q.bool(b -> b.filter(filters)));
        SearchResponse<Void> response = search(s -> s.index(index.alias()).size(0).query(foreground)
                .trackTotalHits(t -> t.enabled(true))
                .aggregations("significant", a -> a.significantTerms(t -> {
                    t.field("entityIds").size(size).minDocCount(1L);
                    t.exclude(e -> e.terms(List.of(id)));
                    if (prefix != null) {
                        t.include(i -> i.regexp(prefix + ".*")); // ids carry their type: person:..., place:...
                    }
                    return t;
                })));
        long articles = response.hits().total().value();
        if (articles == 0 && describe(List.of(id)).isEmpty()) {
            return Optional.empty(); // checked only when nothing matched: the common case costs one request
        }
        var buckets = response.aggregations().get("significant").sigsterms().buckets().array();
        Map<String, Name> names = names(buckets.stream().map(b -> b.key()).toList());
        List<Cooccurrences.Item> items = buckets.stream().map(b -> {
            Name other = names.get(b.key());
            return new Cooccurrences.Item(b.key(), other == null ? null : other.name(),
                    other == null ? null : other.type(), b.docCount(), b.bgCount(), b.score());
        }).toList();
        return Optional.of(new Cooccurrences(id, articles, items));
    }

    /** Display name and type of an entity id. */
    private record Name(String name, String type, long loadedAt) {
    }

    private static final long NAME_TTL_NANOS = java.util.concurrent.TimeUnit.MINUTES.toNanos(10);
    private static final int NAME_CACHE_LIMIT = 100_000;
    private final Map<String, Name> nameCache = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Names of many entities, for lists of related entities. Names change rarely, so they are kept for a few
     * minutes: a co-occurrence answer then costs one Elasticsearch request instead of two.
     */
    private Map<String, Name> names(List<String> ids) {
        long now = System.nanoTime();
        Map<String, Name> found = new HashMap<>();
        List<String> missing = new ArrayList<>();
        for (String id : ids) {
            Name cached = nameCache.get(id);
            if (cached != null && now - cached.loadedAt() < NAME_TTL_NANOS) {
                found.put(id, cached);
            } else {
                missing.add(id);
            }
        }
        if (!missing.isEmpty()) {
            if (nameCache.size() > NAME_CACHE_LIMIT) {
                nameCache.clear();
            }
            for (EntityList.Item item : describe(missing)) {
                Name name = new Name(item.name(), item.type(), now);
                nameCache.put(item.id(), name);
                found.put(item.id(), name);
            }
        }
        return found;
    }

    private SearchResponse<Void> search(Function<SearchRequest.Builder,
            ObjectBuilder<SearchRequest>> request) {
        index.ensureIndex();
        return Elastic.call(() -> client.search(request, Void.class));
    }

    private static OffsetDateTime date(Double epochMillis) {
        return epochMillis == null || epochMillis.isInfinite() || epochMillis.isNaN() ? null
                : Instant.ofEpochMilli(epochMillis.longValue()).atOffset(ZoneOffset.UTC);
    }
}
