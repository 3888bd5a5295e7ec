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
import dev.dragoman.query.model.StoredArticle;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.time.Duration;

/**
 * Groups articles into stories as they are indexed. Two articles published within three days of each other belong to
 * one story when one shares at least half of the other's main entities (its top eight, and at least two). A story
 * is what these links join, whatever the order the articles arrive in: an article that links to two stories merges
 * them, and every member carries the surviving id at once: the id of the merging story with the most members (then
 * of the one whose first article was published earliest), so that the fewest articles change story and a large story
 * keeps its id; an article that starts a story gives it its own id. A story's id changes only when it merges into a
 * larger one. {@link #assignStories} places a whole batch in one go: one multi-search for the candidates, links
 * within the batch in memory, and a bulk update of the members of merged stories.
 */
@ApplicationScoped
public class StoryService {

    static final int WINDOW_DAYS = 3;
    static final int TOP_ENTITIES = 8;
    /** Candidate articles looked at per article: enough to see every story an article could bridge. */
    static final int CANDIDATES = 20;

    /** Only what a story match needs back. */
    public record StoryRef(String id, String storyId, OffsetDateTime publishedAt) {
    }

    private static final int RECONCILE_BATCH = 1000;

    private volatile Instant lastRound;

    private final ElasticsearchClient client;
    private final IndexAdmin index;
    private final dev.dragoman.query.config.QueryConfig config;
    private final dev.dragoman.query.repository.ClusterLease lease;
    /** The singleton job's name in the cluster lease: one replica reconciles stories. */
    static final String JOB = "story-reconciliation";

    private final dev.dragoman.query.repository.StoryMerges merges;
    private final co.elastic.clients.elasticsearch._types.Refresh refresh;

    public StoryService(ElasticsearchClient client, IndexAdmin index,
                        dev.dragoman.query.config.QueryConfig config, dev.dragoman.query.repository.ClusterLease lease,
                        dev.dragoman.query.repository.StoryMerges merges) {
        this.lease = lease;
        this.merges = merges;
        this.refresh = Elastic.refresh(config.refresh());
        this.client = client;
        this.index = index;
        this.config = config;
        if (config.backlogRefreshInterval().compareTo(config.stories().overlap()) >= 0) {
            org.jboss.logging.Logger.getLogger(StoryService.class).warnf("dragoman.query.backlog-refresh-interval (%s) "
                    + "is not shorter than stories.overlap (%s): placements during a backlog may miss links that "
                    + "reconciliation then does not see either", config.backlogRefreshInterval(), config.stories().overlap());
        }
    }

    /** The documents of a batch (one bulk, or one article) as they will be stored, each with its storyId. */
    public List<StoredArticle> assignStories(List<dev.dragoman.common.api.ArticleDocument> articles) {
        return assign(articles.stream().map(ArticleIndexer::toStored).toList());
    }

    /**
     * The articles with their storyId set. Indexed articles of stories this batch merges are moved to the surviving
     * id here (before the batch itself is written).
     */
    public List<StoredArticle> assign(List<StoredArticle> articles) {
        return assign(articles, true);
    }

    /**
     * The same, searching the index for candidates only when {@code searchIndex}: a reconciliation round links the
     * articles it re-reads among themselves and through the stories they already have, nothing else (see
     * {@link #reconcile}).
     */
    private List<StoredArticle> assign(List<StoredArticle> articles, boolean searchIndex) {
        // links to what is indexed already
        List<RequestItem> searches = new ArrayList<>();
        List<Integer> searched = new ArrayList<>();
        for (int i = 0; searchIndex && i < articles.size(); i++) {
            Optional<Query> query = candidates(articles.get(i));
            if (query.isPresent()) {
                searches.add(RequestItem.of(r -> r.header(h -> h.index(index.alias())).body(b -> candidateSearch(b
                        .query(query.get()).size(CANDIDATES)))));
                searched.add(i);
            }
        }
        Set<String> batchIds = new HashSet<>();
        articles.forEach(a -> batchIds.add(a.id()));
        // article id -> the story ids it links to, as the index shows them (a moment behind merges, maybe)
        Map<String, List<String>> links = new LinkedHashMap<>();
        Set<String> shown = new HashSet<>();
        for (StoredArticle article : articles) {
            if (article.storyId() != null) {
                links.computeIfAbsent(article.id(), k -> new ArrayList<>()).add(article.storyId());
                shown.add(article.storyId());
            }
        }
        if (!searches.isEmpty()) {
            MsearchResponse<Void> response = Elastic.call(() -> client.msearch(m -> m.searches(searches), Void.class));
            for (int k = 0; k < response.responses().size(); k++) {
                MultiSearchResponseItem<Void> item = response.responses().get(k);
                if (!item.isResult()) {
                    continue;
                }
                for (Hit<Void> hit : item.result().hits().hits()) {
                    StoryRef match = ref(hit);
                    if (match != null && !batchIds.contains(match.id())) {
                        String story = match.storyId() != null ? match.storyId() : match.id();
                        links.computeIfAbsent(articles.get(searched.get(k)).id(), x -> new ArrayList<>()).add(story);
                        shown.add(story);
                    }
                }
            }
        }
        // stories merged since the index last showed them are followed to the story they became; members of two
        // stories that placements running at once merged into each other move to the one the cycle resolves to
        dev.dragoman.query.repository.StoryMerges.Resolution resolution = merges.resolveAll(shown);
        Map<String, String> current = resolution.current();
        if (!resolution.cycles().isEmpty()) {
            mergeIndexed(resolution.cycles());
            merges.cut(resolution);
        }
        Stories stories = new Stories();
        for (StoredArticle article : articles) {
            stories.addArticle(article.id(), article.publishedAt());
            for (String story : links.getOrDefault(article.id(), List.of())) {
                stories.link(article.id(), current.getOrDefault(story, story));
            }
        }
        // links within the batch: articles of one bulk see each other
        linkWithinBatch(articles, stories);
        stories.loadStats(this::stats);
        Map<String, String> survivors = stories.survivors();
        mergeIndexed(stories.retired(survivors));
        List<StoredArticle> assigned = new ArrayList<>(articles.size());
        for (StoredArticle article : articles) {
            assigned.add(article.withStory(survivors.get(article.id())));
        }
        return assigned;
    }

    /**
     * A candidate search: it answers only the id and story of each hit, read from doc values, without reading any
     * stored field of a hit (its source: the body, its annotation, nested entities; nor its {@code _id}), and without
     * counting every match (only the best {@link #CANDIDATES} are wanted, so Elasticsearch may skip the others).
     */
    private static co.elastic.clients.elasticsearch.core.search.SearchRequestBody.Builder candidateSearch(
            co.elastic.clients.elasticsearch.core.search.SearchRequestBody.Builder body) {
        return body.source(s -> s.fetch(false)).storedFields(Elastic.NO_STORED_FIELDS)
                .docvalueFields(Elastic.docValues(CANDIDATE_FIELDS)).trackTotalHits(t -> t.enabled(false));
    }

    /** What placement reads of a candidate: the fields of a {@link StoryRef} but its date. */
    private static final List<String> CANDIDATE_FIELDS = List.of("id", "storyId");

    /** The fields of a {@link StoryRef}. */
    private static final List<String> REF_FIELDS = List.of("id", "storyId", "publishedAt");

    /** A hit read from the doc values of {@link #REF_FIELDS} (or, for a candidate search, of its two fields). */
    static StoryRef ref(Hit<?> hit) {
        String id = first(hit, "id");
        if (id == null) {
            return null;
        }
        String published = first(hit, "publishedAt");
        return new StoryRef(id, first(hit, "storyId"), published == null ? null : OffsetDateTime.parse(published));
    }

    private static String first(Hit<?> hit, String field) {
        co.elastic.clients.json.JsonData values = hit.fields().get(field);
        if (values == null) {
            return null;
        }
        jakarta.json.JsonValue value = values.toJson();
        if (value instanceof jakarta.json.JsonArray array && !array.isEmpty()) {
            value = array.get(0);
        }
        return value instanceof jakarta.json.JsonString text ? text.getString() : null;
    }

    /** Pairs of the batch that share enough main entities within the window, found through their entities. */
    private static void linkWithinBatch(List<StoredArticle> articles, Stories stories) {
        Map<String, List<Integer>> byEntity = new HashMap<>();
        List<List<String>> tops = new ArrayList<>(articles.size());
        for (int i = 0; i < articles.size(); i++) {
            List<String> top = topEntities(articles.get(i));
            tops.add(top);
            for (String entity : top) {
                byEntity.computeIfAbsent(entity, e -> new ArrayList<>()).add(i);
            }
        }
        for (int i = 0; i < articles.size(); i++) {
            StoredArticle a = articles.get(i);
            if (tops.get(i).size() < 2 || a.publishedAt() == null) {
                continue;
            }
            Map<Integer, Integer> shared = new HashMap<>();
            for (String entity : tops.get(i)) {
                for (int j : byEntity.get(entity)) {
                    if (j != i) {
                        shared.merge(j, 1, Integer::sum);
                    }
                }
            }
            int needed = needed(tops.get(i).size());
            for (var entry : shared.entrySet()) {
                StoredArticle b = articles.get(entry.getKey());
                if (entry.getValue() >= needed && b.publishedAt() != null
                        && Math.abs(Duration.between(a.publishedAt(), b.publishedAt()).toDays()) <= WINDOW_DAYS) {
                    stories.linkArticles(a.id(), b.id());
                }
            }
        }
    }

    /** The members and the earliest publication date of each of these stories, from the index. */
    private Map<String, StoryStats> stats(Set<String> storyIds) {
        Map<String, StoryStats> stats = new HashMap<>();
        if (storyIds.isEmpty()) {
            return stats;
        }
        List<co.elastic.clients.elasticsearch._types.FieldValue> ids = storyIds.stream()
                .map(co.elastic.clients.elasticsearch._types.FieldValue::of).toList();
        SearchResponse<Void> response = Elastic.call(() -> client.search(s -> s.index(index.alias()).size(0)
                .query(q -> q.terms(t -> t.field("storyId").terms(v -> v.value(ids))))
                .aggregations("stories", a -> a.terms(t -> t.field("storyId").size(storyIds.size()))
                        .aggregations("first", x -> x.min(m -> m.field("publishedAt")))), Void.class));
        for (StringTermsBucket bucket : response.aggregations().get("stories").sterms().buckets().array()) {
            stats.put(bucket.key().stringValue(),
                    new StoryStats(bucket.docCount(), date(bucket.aggregations().get("first"))));
        }
        return stats;
    }

    /**
     * Every indexed article of a retired story moves to the story that absorbed it: the members found page by page
     * and updated in bulk (update-by-query needs Elasticsearch's reindex module, which not every distribution has).
     */
    private void mergeIndexed(Map<String, String> retired) {
        if (retired.isEmpty()) {
            return;
        }
        merges.record(retired);
        List<co.elastic.clients.elasticsearch._types.FieldValue> old = retired.keySet().stream()
                .map(co.elastic.clients.elasticsearch._types.FieldValue::of).toList();
        Elastic.walkDocValues(client, index.alias(), Query.of(q -> q.terms(t -> t.field("storyId").terms(v -> v.value(old)))),
                REF_FIELDS, RECONCILE_BATCH, hits -> {
                    Map<String, String> moves = new LinkedHashMap<>();
                    hits.stream().map(StoryService::ref).filter(java.util.Objects::nonNull)
                            .forEach(member -> moves.put(member.id(), retired.get(member.storyId())));
                    setStories(moves);
                    return true;
                });
    }

    /** The articles a query selects, RECONCILE_BATCH at a time in id order, with only these fields of their source. */
    private <T> void walk(Query query, Class<T> type, List<String> fields, java.util.function.Consumer<List<T>> page) {
        Elastic.walk(client, index.alias(), query, fields, type, RECONCILE_BATCH, hits -> {
            page.accept(hits.stream().map(Hit::source).toList());
            return true;
        });
    }

    /**
     * Sets the storyId of indexed articles (article id -> story id) in one bulk request, visible like indexing (within
     * the refresh interval; placing reads retired ids through {@link dev.dragoman.query.repository.StoryMerges}).
     */
    private void setStories(Map<String, String> stories) {
        if (stories.isEmpty()) {
            return;
        }
        List<co.elastic.clients.elasticsearch.core.bulk.BulkOperation> updates = new ArrayList<>();
        stories.forEach((id, story) -> updates.add(co.elastic.clients.elasticsearch.core.bulk.BulkOperation.of(b -> b
                .update(u -> u.index(index.alias()).id(id).action(a -> a.doc(Map.of("storyId", story)))))));
        Elastic.call(() -> client.bulk(b -> b.operations(updates).refresh(refresh)));
    }

    /** An indexed story as the index shows it: how many articles carry its id, and the first one's publication. */
    record StoryStats(long members, OffsetDateTime first) {
    }

    /**
     * Union-find over the batch's articles and the indexed stories they link to. A component's surviving id is the
     * id of its indexed story with the most members, then the one whose first article was published earliest, then
     * the smaller id (union by size: an article changes story at most about log2(n) times as its story grows to n,
     * where "earliest first" moved whole stories whenever an earlier one joined them); without an indexed story, its
     * earliest-published batch article.
     */
    static final class Stories {
        private final Map<String, String> parent = new HashMap<>();
        /** Batch articles: own id -> publication time; their current story, if they had one. */
        private final Map<String, OffsetDateTime> articleDates = new LinkedHashMap<>();
        private final Map<String, StoryStats> storyStats = new HashMap<>();
        private final Set<String> stories = new HashSet<>();

        /** An article of the batch (an indexed article placed again is linked to its own story by the caller). */
        void addArticle(String id, OffsetDateTime publishedAt) {
            String key = "a:" + id;
            parent.putIfAbsent(key, key);
            articleDates.put(id, publishedAt);
        }

        void link(String articleId, String storyId) {
            String story = "s:" + storyId;
            parent.putIfAbsent(story, story);
            stories.add(storyId);
            union("a:" + articleId, story);
        }

        void linkArticles(String a, String b) {
            union("a:" + a, "a:" + b);
        }

        void loadStats(StatsSource source) {
            storyStats.putAll(source.of(stories));
        }

        /**
         * Each batch article's surviving story id: of the indexed stories its component joins, the one with the most
         * members, then the earliest first article (so a new article never renames a story, only a merge does);
         * where the component has none yet, its earliest-published batch article.
         */
        Map<String, String> survivors() {
            Map<String, String> best = new HashMap<>();
            Map<String, StoryStats> bestStats = new HashMap<>();
            for (String story : stories) {
                offer(best, bestStats, find("s:" + story), story,
                        storyStats.getOrDefault(story, new StoryStats(0, null)));
            }
            articleDates.forEach((article, date) -> {
                String root = find("a:" + article);
                if (!best.containsKey(root) || !stories.contains(best.get(root))) {
                    offer(best, bestStats, root, article, new StoryStats(0, date));
                }
            });
            Map<String, String> survivors = new HashMap<>();
            for (String article : articleDates.keySet()) {
                survivors.put(article, best.get(find("a:" + article)));
            }
            return survivors;
        }

        private static void offer(Map<String, String> best, Map<String, StoryStats> bestStats, String root,
                                  String id, StoryStats stats) {
            String current = best.get(root);
            StoryStats than = bestStats.get(root);
            if (current == null || stats.members() > than.members()
                    || stats.members() == than.members() && earlier(stats.first(), id, than.first(), current)) {
                best.put(root, id);
                bestStats.put(root, stats);
            }
        }

        /** Indexed stories that lose their id: old story id -> surviving id. */
        Map<String, String> retired(Map<String, String> survivors) {
            Map<String, String> byRoot = new HashMap<>();
            survivors.forEach((article, story) -> byRoot.put(find("a:" + article), story));
            Map<String, String> retired = new TreeMap<>();
            for (String story : stories) {
                String survivor = byRoot.get(find("s:" + story));
                if (survivor != null && !survivor.equals(story)) {
                    retired.put(story, survivor);
                }
            }
            return retired;
        }

        private static boolean earlier(OffsetDateTime date, String id, OffsetDateTime than, String thanId) {
            if (date != null && than != null && !date.isEqual(than)) {
                return date.isBefore(than);
            }
            if (date != null && than == null) {
                return true;
            }
            if (date == null && than != null) {
                return false;
            }
            return id.compareTo(thanId) < 0;
        }

        private String find(String key) {
            parent.putIfAbsent(key, key);
            String root = key;
            while (!parent.get(root).equals(root)) {
                root = parent.get(root);
            }
            while (!parent.get(key).equals(root)) {
                String next = parent.get(key);
                parent.put(key, root);
                key = next;
            }
            return root;
        }

        private void union(String a, String b) {
            String ra = find(a);
            String rb = find(b);
            if (!ra.equals(rb)) {
                parent.put(ra, rb);
            }
        }
    }

    @FunctionalInterface
    interface StatsSource {
        Map<String, StoryStats> of(Set<String> storyIds);
    }

    private static List<String> topEntities(StoredArticle article) {
        if (article.entities() == null) {
            return List.of();
        }
        return article.entities().stream().filter(e -> !"MISC".equals(e.type()))
                .sorted(Comparator.comparingInt(StoredArticle.StoredEntity::mentions).reversed())
                .limit(TOP_ENTITIES).map(StoredArticle.StoredEntity::id).toList();
    }

    /** The article as linking reads it: id, date, story and its main entities. */
    private static StoredArticle mainEntitiesOnly(StoredArticle article) {
        Set<String> top = new HashSet<>(topEntities(article));
        List<StoredArticle.StoredEntity> main = article.entities() == null ? List.of() : article.entities().stream()
                .filter(e -> top.contains(e.id()))
                .map(e -> new StoredArticle.StoredEntity(e.id(), null, e.type(), null, e.mentions())).toList();
        return new StoredArticle(article.id(), null, null, article.publishedAt(), null, null, null, null, null,
                article.storyId(), main, null, null, null, null, null);
    }

    private static int needed(int topSize) {
        return Math.max(2, (topSize + 1) / 2);
    }

    private static Optional<Query> candidates(StoredArticle article) {
        List<String> top = topEntities(article);
        if (top.size() < 2 || article.publishedAt() == null) {
            return Optional.empty();
        }
        int needed = needed(top.size());
        // earlier and later articles alike: a story does not depend on the order its articles arrive in
        Query window = Query.of(q -> q.range(r -> r.date(d -> d.field("publishedAt")
                .gte(article.publishedAt().minusDays(WINDOW_DAYS).toString())
                .lte(article.publishedAt().plusDays(WINDOW_DAYS).toString()))));
        return Optional.of(Query.of(q -> q.bool(b -> b.filter(window)
                .mustNot(n -> n.ids(i -> i.values(article.id())))
                .should(top.stream().map(id -> Query.of(s -> s.term(t -> t.field("entityIds").value(id)))).toList())
                .minimumShouldMatch(Integer.toString(needed)))));
    }

    /** Gives the reconciliation lease back on shutdown, so that a restarted or other replica takes it at once. */
    void giveBack(@jakarta.enterprise.event.Observes io.quarkus.runtime.ShutdownEvent event) {
        lease.release(JOB);
    }

    /**
     * Articles indexed at the same moment (a bulk load, parallel pipeline workers, another replica) could not see
     * each other when they were placed: each was placed against what was searchable then, which is everything
     * indexed more than a refresh (and a bulk) before it. So what a placement can have missed is a link between two
     * articles indexed within a few seconds of each other — and both are among what a round re-reads (everything
     * indexed since the round before, less {@code stories.overlap}, which is longer than that). A round therefore
     * links the articles it re-reads among themselves, in memory, and through the stories they already carry; it
     * searches the index for nothing per article (searching again what placement had found was most of the
     * searches Elasticsearch ran during a bulk load). Articles whose story changed are updated; chains settle over
     * a round or two.
     */
    @io.quarkus.scheduler.Scheduled(every = "${dragoman.query.stories.interval:30s}", delayed = "5s",
            concurrentExecution = io.quarkus.scheduler.Scheduled.ConcurrentExecution.SKIP)
    void reconcile() {
        if (!config.stories().enabled() || !lease.acquire(JOB, config.singletonLease())) {
            return; // another replica reconciles stories
        }
        // everything indexed since the previous round, with some overlap so that nothing falls between two rounds
        Instant now = Instant.now();
        Instant since = lastRound == null ? now.minus(config.stories().window()) : lastRound.minus(config.stories().overlap());
        try {
            index.ensureIndex();
            // what linking needs of each article (its main entities), so that a round of a bulk load fits in memory;
            // past stories.reconcile-max articles, a round links them that many at a time
            List<StoredArticle> round = new ArrayList<>();
            walk(Query.of(q -> q.range(r -> r.date(d -> d.field("indexedAt").gte(since.toString())))),
                    StoredArticle.class, List.of("id", "publishedAt", "storyId", "entities.id", "entities.type",
                            "entities.mentions"), page -> {
                        page.forEach(article -> round.add(mainEntitiesOnly(article)));
                        if (round.size() >= config.stories().reconcileMax()) {
                            update(round);
                            round.clear();
                        }
                    });
            update(round);
            lastRound = now;
        } catch (RuntimeException e) {
            org.jboss.logging.Logger.getLogger(StoryService.class).debugf("story reconciliation skipped: %s", e.getMessage());
        }
    }

    private void update(List<StoredArticle> articles) {
        if (articles.isEmpty()) {
            return;
        }
        List<StoredArticle> placed = assign(articles, false);
        Map<String, String> changed = new LinkedHashMap<>();
        for (int i = 0; i < articles.size(); i++) {
            if (!placed.get(i).storyId().equals(articles.get(i).storyId())) {
                changed.put(articles.get(i).id(), placed.get(i).storyId());
            }
        }
        setStories(changed);
    }

    static OffsetDateTime date(Aggregate aggregate) {
        Double value = aggregate.isMin() ? aggregate.min().value() : aggregate.max().value();
        return value == null || value.isInfinite() || value.isNaN() ? null
                : Instant.ofEpochMilli(value.longValue()).atOffset(ZoneOffset.UTC);
    }
}
