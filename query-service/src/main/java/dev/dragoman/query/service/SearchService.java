package dev.dragoman.query.service;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOptions;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Operator;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch._types.query_dsl.SimpleQueryStringFlag;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.HighlightField;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.util.NamedValue;
import dev.dragoman.query.model.SearchPage;
import dev.dragoman.query.model.SearchQuery;
import dev.dragoman.query.model.StoredArticle;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Full-text and entity search over the articles alias. Paging uses search_after with a tie-breaking sort on the
 * article id, so a cursor walks any number of results with no 10,000-hit ceiling.
 */
@ApplicationScoped
public class SearchService {

    private static final int SNIPPET_CHARS = 200;

    private final ElasticsearchClient client;
    private final IndexAdmin index;
    private final EntityService entities;

    public SearchService(ElasticsearchClient client, IndexAdmin index, EntityService entities) {
        this.client = client;
        this.index = index;
        this.entities = entities;
    }

    public SearchPage search(SearchQuery query) {
        index.ensureIndex();
        Cursor cursor = query.cursor() == null ? null : Cursor.decode(query.cursor(), query.fingerprint());
        List<Query> filters = new ArrayList<>();
        for (String entity : query.entities()) {
            Set<String> ids = entities.resolve(entity);
            if (ids.isEmpty()) {
                return new SearchPage(0, List.of(), null);
            }
            List<FieldValue> values = ids.stream().map(FieldValue::of).toList();
            filters.add(Query.of(b -> b.terms(t -> t.field("entityIds").terms(v -> v.value(values)))));
        }
        if (query.type() != null) {
            String type = EntityService.parseType(query.type()).name();
            filters.add(Query.of(b -> b.nested(n -> n.path("entities")
                    .query(i -> i.term(t -> t.field("entities.type").value(type))))));
        }
        if (query.from() != null || query.to() != null) {
            filters.add(Query.of(b -> b.range(r -> r.date(d -> {
                d.field("publishedAt");
                if (query.from() != null) {
                    d.gte(query.from().toString());
                }
                if (query.to() != null) {
                    d.lte(query.to().toString());
                }
                return d;
            }))));
        }
        if (query.source() != null) {
            filters.add(Query.of(b -> b.term(t -> t.field("source").value(query.source()))));
        }
        boolean fullText = query.q() != null && !query.q().isBlank();
        Query root = Query.of(b -> b.bool(o -> {
            o.filter(filters);
            if (fullText) {
                // simple_query_string: phrases, +, -, |, prefix*; never raises on bad syntax and cannot reach raw DSL
                o.must(m -> m.simpleQueryString(s -> s.query(query.q()).fields("title^3", "body")
                        .defaultOperator(Operator.And)
                        .flags(SimpleQueryStringFlag.And, SimpleQueryStringFlag.Or, SimpleQueryStringFlag.Not,
                                SimpleQueryStringFlag.Phrase, SimpleQueryStringFlag.Prefix,
                                SimpleQueryStringFlag.Precedence, SimpleQueryStringFlag.Whitespace,
                                SimpleQueryStringFlag.Escape)));
            }
            return o;
        }));
        List<SortOptions> sort = new ArrayList<>();
        if (fullText) {
            sort.add(SortOptions.of(s -> s.score(c -> c.order(SortOrder.Desc))));
        }
        sort.add(SortOptions.of(s -> s.field(f -> f.field("publishedAt").order(SortOrder.Desc)
                .missing(FieldValue.of("_last")))));
        sort.add(SortOptions.of(s -> s.field(f -> f.field("id").order(SortOrder.Asc))));

        SearchResponse<StoredArticle> response;
        try {
            response = client.search(s -> {
                s.index(index.alias()).query(root).sort(sort).size(query.size() + 1).trackTotalHits(t -> t.enabled(true))
                        .source(src -> src.filter(f -> f.excludes("annotation", "body")))
                        .highlight(h -> h.fields(NamedValue.of("body", HighlightField.of(f -> f
                                .fragmentSize(SNIPPET_CHARS).numberOfFragments(1).noMatchSize(SNIPPET_CHARS))))
                                .preTags("<em>").postTags("</em>"));
                if (cursor != null) {
                    s.searchAfter(cursor.after());
                }
                return s;
            }, StoredArticle.class);
        } catch (IOException e) {
            throw new UncheckedIOException("Elasticsearch unreachable: " + e.getMessage(), e);
        }
        List<Hit<StoredArticle>> hits = response.hits().hits();
        boolean more = hits.size() > query.size();
        List<Hit<StoredArticle>> page = more ? hits.subList(0, query.size()) : hits;
        List<SearchPage.Item> items = page.stream().map(SearchService::item).toList();
        String next = more ? new Cursor(page.get(page.size() - 1).sort(), query.fingerprint()).encode() : null;
        long total = response.hits().total() == null ? items.size() : response.hits().total().value();
        return new SearchPage(total, items, next);
    }

    private static SearchPage.Item item(Hit<StoredArticle> hit) {
        StoredArticle article = hit.source();
        List<String> fragments = hit.highlight().getOrDefault("body", List.of());
        String snippet = fragments.isEmpty() ? null : fragments.get(0);
        List<SearchPage.EntityRef> refs = article.entities() == null ? List.of() : article.entities().stream()
                .map(e -> new SearchPage.EntityRef(e.id(), e.name(), e.type())).toList();
        return new SearchPage.Item(article.id(), article.title(), article.publishedAt(), article.source(), article.url(),
                snippet, refs);
    }

    /** The stored article with its full annotation, or null. */
    public StoredArticle get(String id) {
        index.ensureIndex();
        try {
            var response = client.get(g -> g.index(index.alias()).id(id), StoredArticle.class);
            return response.found() ? response.source() : null;
        } catch (IOException e) {
            throw new UncheckedIOException("Elasticsearch unreachable: " + e.getMessage(), e);
        }
    }

}
