package dev.dragoman.ingest.service;

import dev.dragoman.common.api.AnnotateRequest;
import dev.dragoman.common.api.Annotation;
import dev.dragoman.common.api.ArticleDocument;
import dev.dragoman.ingest.client.NlpClient;
import dev.dragoman.ingest.client.QueryClient;
import dev.dragoman.ingest.config.IngestConfig;
import dev.dragoman.ingest.repository.Article;
import dev.dragoman.ingest.repository.ArticleEvent;
import dev.dragoman.ingest.repository.ArticleRepository;
import dev.dragoman.ingest.repository.ArticleStatus;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.UUID;

/**
 * Drives stored articles through the pipeline: RECEIVED -> (nlp-service) -> TAGGED -> (query-service) -> INDEXED.
 * The article table is the durable work queue: an article whose step fails stays where it was and is retried with
 * backoff, so an outage of nlp-service, query-service or Elasticsearch delays articles but never loses one.
 * Calls to other services happen outside database transactions; each state change is its own short transaction.
 */
@ApplicationScoped
public class ArticlePipeline {

    private static final Logger LOG = Logger.getLogger(ArticlePipeline.class);

    private final ArticleRepository articles;
    private final NlpClient nlp;
    private final QueryClient query;
    private final IngestConfig.Pipeline config;
    /** A migration Job only migrates: it claims no articles (SchemaAtStartup). */
    private final boolean migrateOnly;
    private final ExecutorService workers;

    public ArticlePipeline(ArticleRepository articles, @RestClient NlpClient nlp, @RestClient QueryClient query,
                           IngestConfig config) {
        this.articles = articles;
        this.nlp = nlp;
        this.query = query;
        this.config = config.pipeline();
        this.migrateOnly = config.migrateOnly();
        this.workers = Executors.newFixedThreadPool(this.config.concurrency(), runnable -> {
            Thread thread = new Thread(runnable, "article-pipeline");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Scheduled(every = "${dragoman.ingest.pipeline.poll-interval:1s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        if (config.enabled() && !migrateOnly) {
            while (runOnce() == config.batchSize()) {
                // a full batch: more may be due right away
            }
        }
    }

    /**
     * Claims the due articles and moves each as far as it goes, several at once (the calls to the other services
     * dominate, and an indexing call waits for Elasticsearch's refresh); returns how many were claimed.
     */
    public int runOnce() {
        Instant leaseUntil = Instant.now().plus(config.lease());
        List<UUID> claimed = QuarkusTransaction.requiringNew().call(() -> articles.claimDue(config.batchSize(), leaseUntil));
        List<Future<?>> running = new ArrayList<>(claimed.size());
        for (UUID id : claimed) {
            running.add(workers.submit(() -> process(id)));
        }
        for (Future<?> task : running) {
            try {
                task.get();
            } catch (ExecutionException e) {
                LOG.error("pipeline task failed", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return claimed.size();
    }

    @PreDestroy
    void stopWorkers() {
        workers.shutdown();
    }

    private void process(UUID id) {
        try {
            Article article = QuarkusTransaction.requiringNew().call(() -> articles.findById(id));
            if (article.status == ArticleStatus.RECEIVED) {
                Annotation annotation = nlp.annotate(new AnnotateRequest(article.body, referenceDate(article)));
                article = transition(id, ArticleStatus.RECEIVED, ArticleStatus.TAGGED, a -> {
                    a.annotation = annotation;
                    a.taggedAt = Instant.now();
                }, annotation.entities().size() + " entities, " + annotation.dates().size() + " dates");
            }
            if (article.status == ArticleStatus.TAGGED) {
                query.index(id.toString(), document(article));
                transition(id, ArticleStatus.TAGGED, ArticleStatus.INDEXED, a -> {
                    a.indexedAt = Instant.now();
                    a.leaseUntil = null;
                    a.lastError = null;
                }, null);
            }
        } catch (RuntimeException e) {
            recordFailure(id, e);
        }
    }

    private interface Change {
        void apply(Article article);
    }

    private Article transition(UUID id, ArticleStatus from, ArticleStatus to, Change change, String detail) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Article article = articles.findById(id);
            if (article.status != from) {
                throw new IllegalStateException("article " + id + " is " + article.status + ", expected " + from);
            }
            change.apply(article);
            article.status = to;
            article.attempts = 0;
            article.updatedAt = Instant.now();
            ArticleEvent.record(id, to.name(), detail);
            return article;
        });
    }

    private void recordFailure(UUID id, RuntimeException error) {
        boolean refused = error instanceof WebApplicationException web && web.getResponse().getStatus() >= 400
                && web.getResponse().getStatus() < 500 && web.getResponse().getStatus() != 408
                && web.getResponse().getStatus() != 429;
        String message = describe(error);
        QuarkusTransaction.requiringNew().run(() -> {
            Article article = articles.findById(id);
            article.attempts++;
            article.lastError = message;
            article.leaseUntil = null;
            article.updatedAt = Instant.now();
            if (refused && article.attempts >= config.maxAttempts()) {
                article.status = ArticleStatus.FAILED;
                ArticleEvent.record(id, ArticleStatus.FAILED.name(), message);
                LOG.errorf("article %s FAILED after %d attempts: %s", id, article.attempts, message);
            } else {
                article.nextAttemptAt = Instant.now().plus(backoff(article.attempts));
                ArticleEvent.record(id, "RETRY", message);
                LOG.warnf("article %s (%s) will be retried, attempt %d: %s", id, article.status, article.attempts,
                        message);
            }
        });
    }

    Duration backoff(int attempts) {
        long factor = 1L << Math.min(attempts - 1, 20);
        Duration wait = config.initialBackoff().multipliedBy(factor);
        return wait.compareTo(config.maxBackoff()) > 0 ? config.maxBackoff() : wait;
    }

    private static String describe(Throwable error) {
        if (error instanceof WebApplicationException web) {
            String body = "";
            try {
                body = web.getResponse().readEntity(String.class);
            } catch (RuntimeException ignored) {
                // no body to show
            }
            return "HTTP " + web.getResponse().getStatus() + (body.isBlank() ? "" : ": " + abbreviate(body));
        }
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return abbreviate(error.getClass().getSimpleName() + ": " + error.getMessage()
                + (root != error ? " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")" : ""));
    }

    private static String abbreviate(String text) {
        return text.length() <= 1000 ? text : text.substring(0, 1000) + "...";
    }

    /** Relative dates resolve against the publication date, or the day the article arrived. */
    private static LocalDate referenceDate(Article article) {
        return article.publishedAt != null ? article.publishedAt.toLocalDate()
                : LocalDate.ofInstant(article.createdAt, ZoneOffset.UTC);
    }

    private static ArticleDocument document(Article article) {
        return new ArticleDocument(article.id.toString(), article.title, article.body, article.publishedAt,
                article.source, article.url, article.dateline, article.annotation);
    }
}
