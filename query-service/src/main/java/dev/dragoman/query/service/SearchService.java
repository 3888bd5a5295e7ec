package dev.dragoman.query.service;

import dev.dragoman.query.repository.Elastic;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOptions;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregation;
import co.elastic.clients.elasticsearch._types.aggregations.CalendarInterval;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.HighlightField;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.util.NamedValue;
import dev.dragoman.common.api.EntityType;
import dev.dragoman.common.problem.ProblemException;
import dev.dragoman.query.model.ArticleFilter;
import dev.dragoman.query.model.SearchPage;
import dev.dragoman.query.model.StoredArticle;
import dev.dragoman.query.model.Timeline;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Full-text and entity search over the articles alias. Paging reads search_after on a total sort order (the
 * article id breaks ties), from a point-in-time opened by the second page, so a cursor walks any number of results,
 * with no 10,000-hit ceiling, each once, and sees one consistent snapshot from its second page on.
 */
@ApplicationScoped
public class SearchService {

    static final String PIT_KEEP_ALIVE = "5m";
    /** What a result list shows: no body, no annotation, only the entities' ids, names and types. */
    static final List<String> LIST_FIELDS = List.of("id", "title", "publishedAt", "source", "url", "storyId",
            "entities.id", "entities.name", "entities.type");
    private static final int SNIPPET_CHARS = 200;

    private final ElasticsearchClient client;
    private final IndexAdmin index;
    private final ArticleQueries queries;
    private final dev.dragoman.query.config.QueryConfig config;

    public SearchService(ElasticsearchClient client, IndexAdmin index, ArticleQueries queries,
                         dev.dragoman.query.config.QueryConfig config) {
        this.config = config;
        this.client = client;
        this.index = index;
        this.queries = queries;
    }

    /** relevance (best first; the default with q), newest or oldest (by publication time). */
    public static String sortName(String sort, ArticleFilter filter) {
        String name = sort == null || sort.isBlank() ? (filter.fullText() ? "relevance" : "newest")
                : sort.strip().toLowerCase(Locale.ROOT);
        if (!List.of("relevance", "newest", "oldest").contains(name)) {
            throw ProblemException.badRequest("Invalid parameter", "sort must be relevance, newest or oldest; got '"
                    + sort + "'");
        }
        return name;
    }

    private static List<SortOptions> sortOptions(String sort) {
        List<SortOptions> options = new ArrayList<>();
        if (sort.equals("relevance")) {
            options.add(SortOptions.of(s -> s.score(c -> c.order(SortOrder.Desc))));
        }
        SortOrder byDate = sort.equals("oldest") ? SortOrder.Asc : SortOrder.Desc;
        options.add(SortOptions.of(s -> s.field(f -> f.field("publishedAt").order(byDate).missing(FieldValue.of("_last")))));
        options.add(SortOptions.of(s -> s.field(f -> f.field("id").order(SortOrder.Asc))));
        return options;
    }

    public SearchPage search(ArticleFilter filter, String sort, int size, String cursorText, List<String> facets,
                             int facetSize, String interval) {
        index.ensureIndex();
        String sortName = sortName(sort, filter);
        String fingerprint = filter.fingerprint(sortName);
        Cursor cursor = cursorText == null ? null : Cursor.decode(cursorText, fingerprint);
        Map<String, Aggregation> aggregations = facetAggregations(facets, facetSize, interval);
        Optional<Query> query = queries.toQuery(filter);
        if (query.isEmpty()) {
            return new SearchPage(0, List.of(), null, facets.isEmpty() ? null : emptyFacets(facets));
        }
        if (cursor != null && cursor.pit() == null) {
            // The second page opens the snapshot the rest of the walk reads. The first page opens none: most
            // searches never ask for a second page, and a point-in-time per search would hold index resources
            // for minutes and cost a round trip. search_after on the total sort order keeps every hit once.
            cursor = new Cursor(openPit(), cursor.after(), cursor.fingerprint());
        }
        SearchResponse<StoredArticle> response = page(query.get(), sortName, size + 1, cursor, aggregations, true);
        List<Hit<StoredArticle>> hits = response.hits().hits();
        boolean more = hits.size() > size;
        List<Hit<StoredArticle>> shown = more ? hits.subList(0, size) : hits;
        String pit = response.pitId() != null ? response.pitId() : cursor != null ? cursor.pit() : null;
        String next = null;
        if (more) {
            next = new Cursor(pit, shown.get(shown.size() - 1).sort(), fingerprint).encode();
        } else if (pit != null) {
            closePit(pit);
        }
        long total = response.hits().total() == null ? shown.size() : response.hits().total().value();
        return new SearchPage(total, shown.stream().map(SearchService::item).toList(), next,
                facets.isEmpty() ? null : readFacets(facets, response.aggregations()));
    }

    /** Hands every matching article, in sort order, to the consumer, one page of {@code batch} at a time. */
    public void forEach(ArticleFilter filter, String sort, int batch, Consumer<StoredArticle> consumer) {
        index.ensureIndex();
        String sortName = sortName(sort, filter);
        Optional<Query> query = queries.toQuery(filter);
        if (query.isEmpty()) {
            return;
        }
        String pit = openPit();
        try {
            Cursor cursor = new Cursor(pit, null, "");
            while (true) {
                SearchResponse<StoredArticle> response = page(query.get(), sortName, batch, cursor, Map.of(), false);
                List<Hit<StoredArticle>> hits = response.hits().hits();
                hits.forEach(hit -> consumer.accept(hit.source()));
                if (hits.size() < batch) {
                    return;
                }
                String currentPit = response.pitId() != null ? response.pitId() : cursor.pit();
                cursor = new Cursor(currentPit, hits.get(hits.size() - 1).sort(), "");
                pit = currentPit;
            }
        } finally {
            closePit(pit);
        }
    }

    public Timeline timeline(ArticleFilter filter, String interval) {
        index.ensureIndex();
        CalendarInterval calendar = Aggregations.interval(interval);
        String name = interval == null ? "month" : interval.strip().toLowerCase(Locale.ROOT);
        Optional<Query> query = queries.toQuery(filter);
        if (query.isEmpty()) {
            return new Timeline(name, 0, List.of());
        }
        SearchResponse<Void> response = Elastic.call(() -> client.search(s -> s.index(index.alias()).size(0)
                .query(query.get()).trackTotalHits(t -> t.enabled(true))
                .aggregations("dates", Aggregations.dateHistogram(calendar)), Void.class));
        return new Timeline(name, response.hits().total().value(),
                Aggregations.buckets(response.aggregations().get("dates")));
    }

    private SearchResponse<StoredArticle> page(Query query, String sort, int size, Cursor cursor,
                                               Map<String, Aggregation> aggregations, boolean forDisplay) {
        SearchRequest request = SearchRequest.of(s -> {
            if (cursor != null && cursor.pit() != null) {
                s.pit(p -> p.id(cursor.pit()).keepAlive(k -> k.time(PIT_KEEP_ALIVE)));
            } else {
                s.index(index.alias());
            }
            if (cursor != null && cursor.after() != null) {
                s.searchAfter(cursor.after());
            }
            s.query(query).sort(sortOptions(sort)).size(size).aggregations(aggregations)
                    .trackTotalHits(t -> t.enabled(forDisplay));
            if (forDisplay) {
                s.source(src -> src.filter(f -> f.includes(LIST_FIELDS)))
                        .highlight(h -> h.fields(NamedValue.of("body", HighlightField.of(f -> f
                                        .fragmentSize(SNIPPET_CHARS).numberOfFragments(1).noMatchSize(SNIPPET_CHARS))))
                                .maxAnalyzedOffset(config.highlightMaxChars())
                                .preTags("<em>").postTags("</em>"));
            } else {
                s.source(src -> src.filter(f -> f.excludes("annotation")));
            }
            return s;
        });
        try {
            return Elastic.call(() -> client.search(request, StoredArticle.class));
        } catch (ElasticsearchException e) {
            if (cursor != null && cursor.pit() != null && e.status() == 404) {
                throw new ProblemException(410, "Cursor expired", "the cursor's snapshot expired (cursors live "
                        + PIT_KEEP_ALIVE + " after their last use); start again from the first page");
            }
            throw e;
        }
    }

    private String openPit() {
        return Elastic.call(() -> client.openPointInTime(o -> o.index(index.alias())
                .keepAlive(k -> k.time(PIT_KEEP_ALIVE)))).id();
    }

    private void closePit(String pit) {
        try {
            Elastic.call(() -> client.closePointInTime(c -> c.id(pit)));
        } catch (UncheckedIOException | ElasticsearchException e) {
            // it expires by itself
        }
    }

    private static Map<String, Aggregation> facetAggregations(List<String> facets, int size, String interval) {
        Map<String, Aggregation> aggregations = new LinkedHashMap<>();
        for (String facet : facets) {
            EntityType type = Aggregations.ENTITY_FACETS.get(facet);
            if (type != null) {
                aggregations.put(facet, Aggregations.entityFacet(type, size));
            } else if (facet.equals("sources")) {
                aggregations.put(facet, Aggregations.sourceFacet(size));
            } else if (facet.equals("dates")) {
                aggregations.put(facet, Aggregations.dateHistogram(Aggregations.interval(interval)));
            } else {
                throw ProblemException.badRequest("Invalid parameter", "unknown facet '" + facet + "'; facets are "
                        + String.join(", ", Aggregations.FACETS));
            }
        }
        return aggregations;
    }

    private static Map<String, List<SearchPage.FacetValue>> readFacets(List<String> facets, Map<String, Aggregate> results) {
        Map<String, List<SearchPage.FacetValue>> read = new LinkedHashMap<>();
        for (String facet : facets) {
            Aggregate result = results.get(facet);
            EntityType type = Aggregations.ENTITY_FACETS.get(facet);
            read.put(facet, type != null ? Aggregations.entityFacetValues(result, type)
                    : facet.equals("sources") ? Aggregations.termValues(result) : Aggregations.dateValues(result));
        }
        return read;
    }

    private static Map<String, List<SearchPage.FacetValue>> emptyFacets(List<String> facets) {
        Map<String, List<SearchPage.FacetValue>> empty = new LinkedHashMap<>();
        facets.forEach(f -> empty.put(f, List.of()));
        return empty;
    }

    private static SearchPage.Item item(Hit<StoredArticle> hit) {
        StoredArticle article = hit.source();
        List<String> fragments = hit.highlight().getOrDefault("body", List.of());
        String snippet = fragments.isEmpty() ? null : fragments.get(0);
        List<SearchPage.EntityRef> refs = article.entities() == null ? List.of() : article.entities().stream()
                .map(e -> new SearchPage.EntityRef(e.id(), e.name(), e.type())).toList();
        return new SearchPage.Item(article.id(), article.title(), article.publishedAt(), article.source(), article.url(),
                article.storyId(), snippet, refs);
    }

    /** The stored article with its full annotation, or null. */
    public StoredArticle get(String id) {
        index.ensureIndex();
        var response = Elastic.call(() -> client.get(g -> g.index(index.alias()).id(id), StoredArticle.class));
        return response.found() ? response.source() : null;
    }
}
