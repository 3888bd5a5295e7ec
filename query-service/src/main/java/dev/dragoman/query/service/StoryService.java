package dev.dragoman.query.service;

import dev.dragoman.query.repository.Elastic;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.MsearchResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.msearch.MultiSearchResponseItem;
import co.elastic.clients.elasticsearch.core.msearch.RequestItem;
import co.elastic.clients.elasticsearch.core.search.Hit;
import dev.dragoman.query.model.ArticleFilter;
import dev.dragoman.query.model.StoredArticle;
import dev.dragoman.query.model.StoryList;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Groups articles into stories as they are indexed: an article joins the story of the earlier article, published
 * within three days of it, that shares the most of its main entities (at least half of its top eight, and at least
 * two); otherwise it starts a story of its own (storyId = its id). Near-duplicates share their entities and so their
 * story; so do different reports of one event.
 */
@ApplicationScoped
public class StoryService {

    static final int WINDOW_DAYS = 3;
    static final int TOP_ENTITIES = 8;

    /** Only what a story match needs back. */
    public record StoryRef(String id, String storyId) {
    }

    private static final int RECONCILE_BATCH = 1000;

    private volatile Instant lastRound;

    private final ElasticsearchClient client;
    private final IndexAdmin index;
    private final ArticleQueries queries;
    private final dev.dragoman.query.config.QueryConfig config;
    private final dev.dragoman.query.repository.ClusterLease lease;
    /** The singleton job's name in the cluster lease: one replica reconciles stories. */
    static final String JOB = "story-reconciliation";

    public StoryService(ElasticsearchClient client, IndexAdmin index, ArticleQueries queries,
                        dev.dragoman.query.config.QueryConfig config, dev.dragoman.query.repository.ClusterLease lease) {
        this.lease = lease;
        this.client = client;
        this.index = index;
        this.queries = queries;
        this.config = config;
    }

    /** The articles with their storyId set; one multi-search for the whole batch. */
    public List<StoredArticle> assign(List<StoredArticle> articles) {
        List<RequestItem> searches = new ArrayList<>();
        List<Integer> searched = new ArrayList<>();
        for (int i = 0; i < articles.size(); i++) {
            Optional<Query> query = candidates(articles.get(i));
            if (query.isPresent()) {
                searches.add(RequestItem.of(r -> r.header(h -> h.index(index.alias()))
                        .body(b -> b.query(query.get()).size(1).source(s -> s.filter(f -> f.includes("id", "storyId"))))));
                searched.add(i);
            }
        }
        List<StoredArticle> assigned = new ArrayList<>(articles.size());
        articles.forEach(a -> assigned.add(a.withStory(a.id())));
        if (searches.isEmpty()) {
            return assigned;
        }
        try {
            MsearchResponse<StoryRef> response = client.msearch(m -> m.searches(searches), StoryRef.class);
            for (int k = 0; k < response.responses().size(); k++) {
                MultiSearchResponseItem<StoryRef> item = response.responses().get(k);
                if (item.isResult() && !item.result().hits().hits().isEmpty()) {
                    StoryRef match = item.result().hits().hits().get(0).source();
                    int i = searched.get(k);
                    assigned.set(i, articles.get(i).withStory(match.storyId() != null ? match.storyId() : match.id()));
                }
            }
        } catch (IOException e) {
            throw Elastic.unreachable(e);
        }
        return assigned;
    }

    private static Optional<Query> candidates(StoredArticle article) {
        if (article.entities() == null) {
            return Optional.empty();
        }
        List<String> top = article.entities().stream().filter(e -> !"MISC".equals(e.type()))
                .sorted(Comparator.comparingInt(StoredArticle.StoredEntity::mentions).reversed())
                .limit(TOP_ENTITIES).map(StoredArticle.StoredEntity::id).toList();
        if (top.size() < 2) {
            return Optional.empty();
        }
        int needed = Math.max(2, (top.size() + 1) / 2);
        List<Query> filters = new ArrayList<>();
        if (article.publishedAt() == null) {
            return Optional.empty();
        }
        // only earlier articles: a story is named after its first article, and assignments cannot go in circles
        filters.add(Query.of(q -> q.range(r -> r.date(d -> d.field("publishedAt")
                .gte(article.publishedAt().minusDays(WINDOW_DAYS).toString())
                .lt(article.publishedAt().toString())))));
        return Optional.of(Query.of(q -> q.bool(b -> b.filter(filters)
                .mustNot(n -> n.ids(i -> i.values(article.id())))
                .should(top.stream().map(id -> Query.of(s -> s.term(t -> t.field("entityIds").value(id)))).toList())
                .minimumShouldMatch(Integer.toString(needed)))));
    }

    /**
     * Articles indexed at the same moment (a bulk load, parallel pipeline workers) could not see each other when
     * they were placed. Each round places again what was indexed since the round before (now that all of it is
     * visible) and updates the articles whose story changed; chains settle over a round or two.
     */
    @io.quarkus.scheduler.Scheduled(every = "${dragoman.query.stories.interval:30s}", delayed = "5s",
            concurrentExecution = io.quarkus.scheduler.Scheduled.ConcurrentExecution.SKIP)
    void reconcile() {
        if (!config.stories().enabled() || !lease.acquire(JOB, config.singletonLease())) {
            return; // another replica reconciles stories
        }
        // everything indexed since the previous round, with one round of overlap so that chains settle
        Instant now = Instant.now();
        Instant since = lastRound == null ? now.minus(config.stories().window()) : lastRound.minus(config.stories().interval());
        try {
            index.ensureIndex();
            List<co.elastic.clients.elasticsearch._types.FieldValue> after = null;
            while (true) {
                List<co.elastic.clients.elasticsearch._types.FieldValue> cursor = after;
                SearchResponse<StoredArticle> recent = client.search(s -> {
                    s.index(index.alias()).size(RECONCILE_BATCH)
                            .query(q -> q.range(r -> r.date(d -> d.field("indexedAt").gte(since.toString()))))
                            .sort(o -> o.field(f -> f.field("id")))
                            .source(src -> src.filter(f -> f.includes("id", "publishedAt", "storyId", "entities.id",
                                    "entities.type", "entities.mentions")));
                    if (cursor != null) {
                        s.searchAfter(cursor);
                    }
                    return s;
                }, StoredArticle.class);
                List<Hit<StoredArticle>> hits = recent.hits().hits();
                if (hits.isEmpty()) {
                    break;
                }
                update(hits.stream().map(Hit::source).toList());
                if (hits.size() < RECONCILE_BATCH) {
                    break;
                }
                after = hits.get(hits.size() - 1).sort();
            }
            lastRound = now;
        } catch (IOException | RuntimeException e) {
            org.jboss.logging.Logger.getLogger(StoryService.class).debugf("story reconciliation skipped: %s", e.getMessage());
        }
    }

    private void update(List<StoredArticle> articles) throws IOException {
        List<StoredArticle> placed = assign(articles);
        List<co.elastic.clients.elasticsearch.core.bulk.BulkOperation> updates = new ArrayList<>();
        for (int i = 0; i < articles.size(); i++) {
            String story = placed.get(i).storyId();
            if (!story.equals(articles.get(i).storyId())) {
                String id = articles.get(i).id();
                updates.add(co.elastic.clients.elasticsearch.core.bulk.BulkOperation.of(b -> b.update(u -> u
                        .index(index.alias()).id(id).action(a -> a.doc(java.util.Map.of("storyId", story))))));
            }
        }
        if (!updates.isEmpty()) {
            client.bulk(b -> b.operations(updates).refresh(co.elastic.clients.elasticsearch._types.Refresh.True));
        }
    }

    /** The biggest stories among the articles a filter selects. */
    public StoryList stories(ArticleFilter filter, int size, int minArticles) {
        index.ensureIndex();
        Optional<Query> query = queries.toQuery(filter);
        if (query.isEmpty()) {
            return new StoryList(List.of());
        }
        SearchResponse<Void> response;
        try {
            response = client.search(s -> s.index(index.alias()).size(0).query(query.get())
                    .aggregations("stories", a -> a.terms(t -> t.field("storyId").size(size).minDocCount(minArticles))
                            .aggregations("first", x -> x.topHits(h -> h.size(1)
                                    .sort(o -> o.field(f -> f.field("publishedAt").order(
                                            co.elastic.clients.elasticsearch._types.SortOrder.Asc)))
                                    .source(src -> src.filter(f -> f.includes("id", "title", "publishedAt")))))
                            .aggregations("from", x -> x.min(m -> m.field("publishedAt")))
                            .aggregations("to", x -> x.max(m -> m.field("publishedAt")))
                            .aggregations("entities", x -> x.terms(t -> t.field("entityIds").size(8)))), Void.class);
        } catch (IOException e) {
            throw Elastic.unreachable(e);
        }
        List<StoryList.Story> stories = new ArrayList<>();
        for (StringTermsBucket bucket : response.aggregations().get("stories").sterms().buckets().array()) {
            Hit<co.elastic.clients.json.JsonData> first = bucket.aggregations().get("first").topHits().hits().hits().get(0);
            StoredArticle lead = first.source().to(StoredArticle.class);
            stories.add(new StoryList.Story(bucket.key().stringValue(), lead.title(), lead.id(), bucket.docCount(),
                    date(bucket.aggregations().get("from")), date(bucket.aggregations().get("to")),
                    bucket.aggregations().get("entities").sterms().buckets().array().stream()
                            .map(b -> b.key().stringValue()).toList()));
        }
        return new StoryList(stories);
    }

    private static OffsetDateTime date(Aggregate aggregate) {
        Double value = aggregate.isMin() ? aggregate.min().value() : aggregate.max().value();
        return value == null || value.isInfinite() || value.isNaN() ? null
                : Instant.ofEpochMilli(value.longValue()).atOffset(ZoneOffset.UTC);
    }
}
