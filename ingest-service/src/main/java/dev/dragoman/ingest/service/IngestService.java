package dev.dragoman.ingest.service;

import dev.dragoman.ingest.model.ArticleCounts;
import dev.dragoman.ingest.model.ArticlePage;
import dev.dragoman.ingest.model.ArticleView;
import dev.dragoman.ingest.model.Reannotation;
import dev.dragoman.ingest.model.SubmitResult;
import dev.dragoman.ingest.repository.Article;
import dev.dragoman.ingest.repository.ArticleEvent;
import dev.dragoman.ingest.repository.ArticleRepository;
import dev.dragoman.ingest.repository.ArticleStatus;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Stores accepted articles: one row per distinct content, so resubmitting the same text changes nothing. */
@ApplicationScoped
public class IngestService {

    private final ArticleRepository articles;
    private final ArticlePipeline pipeline;

    public IngestService(ArticleRepository articles, ArticlePipeline pipeline) {
        this.articles = articles;
        this.pipeline = pipeline;
    }

    public SubmitResult submit(ParsedArticle parsed) {
        return submit(parsed, null, null);
    }

    /** As {@link #submit(ParsedArticle)}, for an article fetched from a registered source (and its author, if any). */
    public SubmitResult submit(ParsedArticle parsed, UUID sourceId, String author) {
        Optional<SubmitResult> existing = findDuplicate(parsed.contentHash());
        if (existing.isPresent()) {
            return existing.get();
        }
        try {
            SubmitResult stored = QuarkusTransaction.requiringNew().call(() -> insert(parsed, sourceId, author));
            pipeline.arrived();
            return stored;
        } catch (PersistenceException e) {
            // the same content arrived concurrently and won the unique constraint: answer with that article
            return findDuplicate(parsed.contentHash()).orElseThrow(() -> e);
        }
    }

    private Optional<SubmitResult> findDuplicate(String hash) {
        return QuarkusTransaction.requiringNew().call(() -> articles.findByContentHash(hash)
                .map(a -> new SubmitResult(a.id, a.status, true)));
    }

    /** The article stored under a URL (canonical URLs of fetched pages), if any: a same-URL duplicate. */
    public Optional<SubmitResult> findByUrl(String url) {
        return QuarkusTransaction.requiringNew().call(() -> articles.find("url", url).<Article>firstResultOptional()
                .map(a -> new SubmitResult(a.id, a.status, true)));
    }

    private SubmitResult insert(ParsedArticle parsed, UUID sourceId, String author) {
        Instant now = Instant.now();
        Article article = new Article();
        article.id = UUID.randomUUID();
        article.contentHash = parsed.contentHash();
        article.title = parsed.title();
        article.body = parsed.body();
        article.dateline = parsed.dateline();
        article.publishedAt = parsed.publishedAt();
        article.publishedAtEstimated = parsed.publishedAtEstimated();
        article.source = parsed.source();
        article.url = parsed.url();
        article.sourceId = sourceId;
        article.author = author;
        article.status = ArticleStatus.RECEIVED;
        article.nextAttemptAt = now;
        article.createdAt = now;
        article.updatedAt = now;
        articles.persistAndFlush(article);
        ArticleEvent.record(article.id, ArticleStatus.RECEIVED.name(), null);
        return new SubmitResult(article.id, article.status, false);
    }

    /**
     * Sends every article whose annotation mentions an entity through tagging and indexing again, so that what
     * curators changed in nlp-service's knowledge base (a merge, a split, an alias) reaches articles already indexed.
     * Articles a pipeline worker holds right now are left alone and counted: ask again once they are done.
     */
    public Reannotation reannotate(String entityId, String actor) {
        ArticleRepository.Requeued done = QuarkusTransaction.requiringNew().call(() -> articles.requeue(
                List.of(entityId), Map.of(), "reannotate, by " + actor, false));
        if (done.requeued() > 0) {
            pipeline.arrived();
        }
        return new Reannotation(entityId, done.requeued(), done.held());
    }

    /** A stored article with its history. */
    public Optional<ArticleView> view(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> articles.findByIdOptional(id)
                .map(article -> ArticleView.of(article, ArticleEvent.history(id))));
    }

    /** How many articles are in each state. */
    public ArticleCounts counts() {
        Map<String, Long> byStatus = new LinkedHashMap<>();
        QuarkusTransaction.requiringNew().call(articles::countByStatus)
                .forEach((status, count) -> byStatus.put(status.name(), count));
        return new ArticleCounts(byStatus.values().stream().mapToLong(Long::longValue).sum(), byStatus);
    }

    /** A page of the articles in one state, by id; the cursor is the last id of the previous page. */
    public ArticlePage list(ArticleStatus status, UUID after, int size) {
        List<Article> page = QuarkusTransaction.requiringNew().call(() -> articles.page(status, after, size + 1));
        List<ArticlePage.Item> items = page.stream().limit(size).map(ArticlePage.Item::of).toList();
        return new ArticlePage(items, page.size() > size ? items.get(size - 1).id().toString() : null);
    }

    /** Puts up to {@code limit} FAILED articles back in the pipeline, each from the step it had reached. */
    public int retryFailed(int limit, String actor) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) articles.getEntityManager().createNativeQuery("""
                        with failed as (
                          select id from article where status = 'FAILED' order by id limit ?1 for update skip locked),
                        requeued as (
                          update article a set status = case when a.annotation is null then 'RECEIVED' else 'TAGGED' end,
                            attempts = 0, retries = 0, next_attempt_at = now(), lease_until = null, lease_token = null,
                            updated_at = now(), version = a.version + 1
                          from failed where a.id = failed.id returning a.id),
                        recorded as (
                          insert into article_event (article_id, type, detail, at)
                          select id, 'RETRY', ?2, now() from requeued returning 1)
                        select count(*) from recorded""").setParameter(1, limit).setParameter(2, "bulk retry, by " + actor)
                .getSingleResult()).intValue());
    }

    /** Puts a FAILED article back in the pipeline, from the step it had reached; the article as it is then. */
    public Optional<ArticleView> retry(UUID id, String actor) {
        return QuarkusTransaction.requiringNew().call(() -> articles.findByIdOptional(id).map(article -> {
            if (article.status == ArticleStatus.FAILED) {
                article.status = article.annotation == null ? ArticleStatus.RECEIVED : ArticleStatus.TAGGED;
                article.attempts = 0;
                article.retries = 0;
                article.nextAttemptAt = Instant.now();
                article.leaseUntil = null;
                article.leaseToken = null;
                article.updatedAt = Instant.now();
                ArticleEvent.record(id, "RETRY", "manual retry, by " + actor);
            }
            return article;
        })).flatMap(article -> view(id));
    }
}
