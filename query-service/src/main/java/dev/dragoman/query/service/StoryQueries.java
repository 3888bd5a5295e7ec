package dev.dragoman.query.service;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import dev.dragoman.query.model.ArticleFilter;
import dev.dragoman.query.model.StoredArticle;
import dev.dragoman.query.model.StoryList;
import dev.dragoman.query.repository.Elastic;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static dev.dragoman.query.service.StoryService.date;

/** Stories as readers ask for them: the biggest stories among the articles a filter selects (placing is StoryService). */
@ApplicationScoped
public class StoryQueries {

    private final ElasticsearchClient client;
    private final IndexAdmin index;
    private final ArticleQueries queries;

    public StoryQueries(ElasticsearchClient client, IndexAdmin index, ArticleQueries queries) {
        this.client = client;
        this.index = index;
        this.queries = queries;
    }

    /** The biggest stories among the articles a filter selects. */
    public StoryList stories(ArticleFilter filter, int size, int minArticles) {
        index.ensureIndex();
        Optional<Query> query = queries.toQuery(filter);
        if (query.isEmpty()) {
            return new StoryList(List.of());
        }
        SearchResponse<Void> response = Elastic.call(() -> client.search(s -> s.index(index.alias()).size(0)
                .query(query.get())
                .aggregations("stories", a -> a.terms(t -> t.field("storyId").size(size).minDocCount(minArticles))
                        .aggregations("first", x -> x.topHits(h -> h.size(1)
                                .sort(o -> o.field(f -> f.field("publishedAt").order(
                                        co.elastic.clients.elasticsearch._types.SortOrder.Asc)))
                                .source(src -> src.filter(f -> f.includes("id", "title", "publishedAt")))))
                        .aggregations("from", x -> x.min(m -> m.field("publishedAt")))
                        .aggregations("to", x -> x.max(m -> m.field("publishedAt")))
                        .aggregations("entities", x -> x.terms(t -> t.field("entityIds").size(8)))), Void.class));
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

}
