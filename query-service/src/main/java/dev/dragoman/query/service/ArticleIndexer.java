package dev.dragoman.query.service;

import dev.dragoman.query.repository.Elastic;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.IndexResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import dev.dragoman.common.api.ArticleDocument;
import dev.dragoman.common.api.DateMention;
import dev.dragoman.common.api.EntityMention;
import dev.dragoman.query.config.QueryConfig;
import dev.dragoman.common.api.BulkResult;
import dev.dragoman.query.model.IndexResult;
import dev.dragoman.query.model.StoredArticle;
import io.quarkus.cache.CacheInvalidateAll;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Writes articles into the index. The article id is the document id, so indexing twice replaces, never duplicates. */
@ApplicationScoped
public class ArticleIndexer {

    private final ElasticsearchClient client;
    private final IndexAdmin index;
    private final StoryService stories;
    private final Refresh refresh;

    public ArticleIndexer(ElasticsearchClient client, IndexAdmin index, StoryService stories, QueryConfig config) {
        this.client = client;
        this.index = index;
        this.stories = stories;
        this.refresh = Elastic.refresh(config.refresh());
    }

    @CacheInvalidateAll(cacheName = dev.dragoman.query.config.Caches.COOCCURRENCES)
    public IndexResult index(ArticleDocument article) {
        index.ensureIndex();
        StoredArticle stored = stories.assign(List.of(toStored(article))).get(0);
        IndexResponse response = Elastic.call(() -> client.index(b -> b.index(index.alias()).id(article.id())
                .document(stored).refresh(refresh)));
        return new IndexResult(response.id(), response.index(), response.result().jsonValue());
    }

    /**
     * Indexes many articles in one request; each succeeds or fails on its own. {@code backlog}: the caller is working
     * through a backlog, so the index refreshes less often meanwhile ({@link IndexAdmin#refreshFor}).
     */
    @CacheInvalidateAll(cacheName = dev.dragoman.query.config.Caches.COOCCURRENCES)
    public BulkResult indexAll(List<ArticleDocument> articles, boolean backlog) {
        index.ensureIndex();
        index.refreshFor(backlog);
        // articles of one batch are matched against what is already indexed, not against each other
        List<StoredArticle> stored = stories.assign(articles.stream().map(ArticleIndexer::toStored).toList());
        List<BulkOperation> operations = stored.stream().map(article -> BulkOperation.of(op -> op
                .index(i -> i.index(index.alias()).id(article.id()).document(article)))).toList();
        BulkResponse response = Elastic.call(() -> client.bulk(b -> b.operations(operations).refresh(refresh)));
        List<BulkResult.Failure> failures = response.items().stream().filter(item -> item.error() != null)
                .map(item -> new BulkResult.Failure(item.id(), item.error().reason())).toList();
        return new BulkResult(articles.size() - failures.size(), failures);
    }

    /** "Lavrov's": a mention's possessive ending, which its alias goes without. */
    private static final java.util.regex.Pattern POSSESSIVE = java.util.regex.Pattern.compile("['\u2019\u02bc]s$");

    /** Folds the mentions into one entry per entity, with all its surface forms (the aliases searched by entity=). */
    static StoredArticle toStored(ArticleDocument article) {
        Map<String, List<EntityMention>> byEntity = new LinkedHashMap<>();
        for (EntityMention mention : article.annotation().entities()) {
            byEntity.computeIfAbsent(mention.entityId(), id -> new ArrayList<>()).add(mention);
        }
        List<StoredArticle.StoredEntity> entities = new ArrayList<>();
        for (Map.Entry<String, List<EntityMention>> entry : byEntity.entrySet()) {
            EntityMention first = entry.getValue().get(0);
            String name = first.canonicalName() != null ? first.canonicalName() : first.text();
            Set<String> aliases = new LinkedHashSet<>();
            aliases.add(name);
            entry.getValue().forEach(m -> aliases.add(POSSESSIVE.matcher(m.text()).replaceAll("")));
            entities.add(new StoredArticle.StoredEntity(entry.getKey(), name, first.type().name(),
                    List.copyOf(aliases), entry.getValue().size()));
        }
        List<LocalDate> dates = article.annotation().dates().stream().map(DateMention::date).distinct().sorted().toList();
        return new StoredArticle(article.id(), article.title(), article.body(), article.publishedAt(), article.source(),
                article.url(), article.dateline(), article.annotation().language(), List.copyOf(byEntity.keySet()), null,
                entities, dates,
                article.annotation().quotes(), article.annotation().events(), article.annotation(), Instant.now());
    }
}
