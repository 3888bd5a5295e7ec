package dev.dragoman.ingest.service;

import dev.dragoman.ingest.model.SubmitResult;
import dev.dragoman.ingest.repository.Article;
import dev.dragoman.ingest.repository.ArticleEvent;
import dev.dragoman.ingest.repository.ArticleRepository;
import dev.dragoman.ingest.repository.ArticleStatus;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Stores accepted articles: one row per distinct content, so resubmitting the same text changes nothing. */
@ApplicationScoped
public class IngestService {

    private final ArticleRepository articles;

    public IngestService(ArticleRepository articles) {
        this.articles = articles;
    }

    public SubmitResult submit(ParsedArticle parsed) {
        Optional<SubmitResult> existing = findDuplicate(parsed.contentHash());
        if (existing.isPresent()) {
            return existing.get();
        }
        try {
            return QuarkusTransaction.requiringNew().call(() -> insert(parsed));
        } catch (PersistenceException e) {
            // the same content arrived concurrently and won the unique constraint: answer with that article
            return findDuplicate(parsed.contentHash()).orElseThrow(() -> e);
        }
    }

    private Optional<SubmitResult> findDuplicate(String hash) {
        return QuarkusTransaction.requiringNew().call(() -> articles.findByContentHash(hash)
                .map(a -> new SubmitResult(a.id, a.status, true)));
    }

    private SubmitResult insert(ParsedArticle parsed) {
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
        article.status = ArticleStatus.RECEIVED;
        article.nextAttemptAt = now;
        article.createdAt = now;
        article.updatedAt = now;
        articles.persistAndFlush(article);
        ArticleEvent.record(article.id, ArticleStatus.RECEIVED.name(), null);
        return new SubmitResult(article.id, article.status, false);
    }

    /** Puts a FAILED article back in the pipeline, from the step it had reached. */
    public Optional<Article> retry(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> articles.findByIdOptional(id).map(article -> {
            if (article.status == ArticleStatus.FAILED) {
                article.status = article.annotation == null ? ArticleStatus.RECEIVED : ArticleStatus.TAGGED;
                article.attempts = 0;
                article.nextAttemptAt = Instant.now();
                article.leaseUntil = null;
                article.updatedAt = Instant.now();
                ArticleEvent.record(id, "RETRY", "manual retry");
            }
            return article;
        }));
    }
}
