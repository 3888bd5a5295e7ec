package dev.dragoman.ingest.service;

import dev.dragoman.common.api.AnnotateRequest;
import dev.dragoman.common.api.Annotation;
import dev.dragoman.common.api.ArticleDocument;
import dev.dragoman.common.api.BulkResult;
import dev.dragoman.ingest.client.NlpClient;
import dev.dragoman.ingest.client.QueryClient;
import dev.dragoman.ingest.config.IngestConfig;
import dev.dragoman.ingest.repository.Article;
import dev.dragoman.ingest.repository.ArticleEvent;
import dev.dragoman.ingest.repository.ArticleRepository;
import dev.dragoman.ingest.repository.ArticleRepository.Claim;
import dev.dragoman.ingest.repository.ArticleStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.WebApplicationException;
import org.jboss.logging.Logger;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Drives stored articles through the pipeline: RECEIVED -> (nlp-service) -> TAGGED -> (query-service) -> INDEXED.
 * The article table is the durable work queue.
 * <ul>
 * <li>Claiming is continuous: a claimer takes due articles as soon as this replica has room for them (at most
 * {@code concurrency} held at once), with {@code FOR UPDATE SKIP LOCKED} and a fencing token per claim; no batch
 * waits for its slowest article.</li>
 * <li>Tagging keeps {@code tag-concurrency} annotate calls in flight; indexing gathers tagged articles into bulks of
 * up to {@code bulk-size} for query-service's bulk endpoint, which does not wait for a refresh.</li>
 * <li>Every transition checks the claim's token, and leases are renewed while the replica holds the article, so two
 * replicas never move the same article, even after a long step or a pause.</li>
 * <li>A failed step is retried with jittered backoff; refusals, errors and timeouts count towards max-attempts
 * (then FAILED, with the reason); an unreachable or unavailable service does not.</li>
 * <li>On shutdown the replica stops claiming, lets in-flight work finish for drain-timeout, then gives back the
 * leases it still holds so that other replicas take the articles at once.</li>
 * </ul>
 * Calls to other services happen outside database transactions; each state change is its own short transaction.
 */
@ApplicationScoped
public class ArticlePipeline {

    private static final Logger LOG = Logger.getLogger(ArticlePipeline.class);

    /**
     * A claimed article on its way to the index; {@code detail} is set when it was tagged just now and its annotation
     * is yet to be recorded (TAGGED, with that history detail) before its bulk is sent.
     */
    private record Tagged(Claim claim, ArticleDocument document, String detail) {
    }

    private final ArticleRepository articles;
    private final NlpClient nlp;
    private final QueryClient query;
    private final Backlog backlog;
    private final IngestConfig.Pipeline config;
    /** A migration Job only migrates: it claims no articles (SchemaAtStartup). */
    private final boolean migrateOnly;
    private final Semaphore room;
    /** Released when this replica stores new articles: its claimer looks at once instead of at the next poll. */
    private final Semaphore arrivals = new Semaphore(0);
    /** Claims this replica holds, by token: renewed while held, given back on shutdown. */
    private final Map<Long, Claim> held = new ConcurrentHashMap<>();
    private final BlockingQueue<Tagged> toIndex = new LinkedBlockingQueue<>();
    private final Counter taggedCounter;
    private final Counter indexedCounter;
    private final Counter failedCounter;
    private final Counter retriedCounter;
    /** From publication to INDEXED, for articles from sources with a stated date. */
    private final io.micrometer.core.instrument.Timer freshness;
    private ExecutorService taggers;
    private ExecutorService indexers;
    private Thread claimer;
    private volatile boolean running;
    private volatile long lastRenewal = System.nanoTime();

    public ArticlePipeline(ArticleRepository articles, @org.eclipse.microprofile.rest.client.inject.RestClient NlpClient nlp,
                           @org.eclipse.microprofile.rest.client.inject.RestClient QueryClient query,
                           IngestConfig config, MeterRegistry meters, Backlog backlog) {
        this.articles = articles;
        this.backlog = backlog;
        this.nlp = nlp;
        this.query = query;
        this.config = config.pipeline();
        this.migrateOnly = config.migrateOnly();
        this.room = new Semaphore(this.config.concurrency());
        this.taggedCounter = meters.counter("dragoman.pipeline.articles", "step", "tagged");
        this.indexedCounter = meters.counter("dragoman.pipeline.articles", "step", "indexed");
        this.failedCounter = meters.counter("dragoman.pipeline.articles", "step", "failed");
        this.retriedCounter = meters.counter("dragoman.pipeline.retries");
        this.freshness = io.micrometer.core.instrument.Timer.builder("dragoman.sources.freshness")
                .description("From an item's publication (as its feed or page dates it) to INDEXED")
                .publishPercentiles(0.5, 0.95).register(meters);
    }

    void start(@Observes StartupEvent event) {
        if (!config.enabled() || migrateOnly) {
            return;
        }
        running = true;
        taggers = Executors.newFixedThreadPool(config.tagConcurrency(), daemon("pipeline-tag"));
        indexers = Executors.newFixedThreadPool(config.indexConcurrency(), daemon("pipeline-index"));
        for (int i = 0; i < config.indexConcurrency(); i++) {
            indexers.submit(this::indexLoop);
        }
        claimer = daemon("pipeline-claim").newThread(this::claimLoop);
        claimer.start();
    }

    /** Graceful drain: no new claims, in-flight work finishes within drain-timeout, the rest is given back. */
    void stop(@Observes ShutdownEvent event) {
        if (!running) {
            return;
        }
        running = false;
        claimer.interrupt();
        try {
            claimer.join(1000);
            if (room.tryAcquire(config.concurrency(), config.drainTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                room.release(config.concurrency());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // the workers stop before the leases are given back: a bulk sent after that would index articles that
        // another replica has taken meanwhile, and its transitions would run into a closed persistence unit
        toIndex.clear();
        taggers.shutdownNow();
        indexers.shutdownNow();
        try {
            taggers.awaitTermination(2, TimeUnit.SECONDS);
            indexers.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Long> tokens = List.copyOf(held.keySet());
        if (!tokens.isEmpty()) {
            try {
                int released = QuarkusTransaction.requiringNew().call(() -> articles.release(tokens));
                LOG.infof("shutdown: gave back %d leases of articles still in flight", released);
            } catch (RuntimeException e) {
                LOG.warnf("shutdown: leases not given back (they run out by themselves): %s", e.getMessage());
            }
        }
    }

    private void claimLoop() {
        while (running) {
            int wanted = 0;
            try {
                room.acquire();
                wanted = 1 + room.drainPermits();
                if (wanted > config.batchSize()) {
                    room.release(wanted - config.batchSize());
                    wanted = config.batchSize();
                }
                int want = wanted;
                Instant until = Instant.now().plus(config.lease());
                List<Claim> claimed = QuarkusTransaction.requiringNew().call(() -> articles.claimDue(want, until));
                room.release(wanted - claimed.size());
                wanted = 0;
                claimed.forEach(claim -> held.put(claim.token(), claim));
                dispatch(claimed);
                if (claimed.isEmpty()) {
                    arrivals.tryAcquire(config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                    arrivals.drainPermits();
                }
            } catch (InterruptedException e) {
                room.release(wanted);
                return;
            } catch (RuntimeException e) {
                room.release(wanted);
                LOG.warnf("claiming failed, trying again: %s", e.getMessage());
                sleepQuietly(config.pollInterval());
            }
        }
    }

    /** Claimed articles go to tagging or, if they were tagged before, straight to indexing. */
    private void dispatch(List<Claim> claimed) {
        if (claimed.isEmpty()) {
            return;
        }
        Map<java.util.UUID, Article> found;
        try {
            found = QuarkusTransaction.requiringNew().call(() -> articles.claimed(claimed));
        } catch (RuntimeException e) {
            claimed.forEach(claim -> fail(claim, e));
            return;
        }
        for (Claim claim : claimed) {
            Article article = found.get(claim.id());
            if (article == null || !Long.valueOf(claim.token()).equals(article.leaseToken)) {
                done(claim);
            } else if (article.status == ArticleStatus.RECEIVED) {
                ArticleDocument document = document(article);
                LocalDate date = referenceDate(article);
                taggers.submit(() -> tag(claim, document, date));
            } else if (article.status == ArticleStatus.TAGGED) {
                toIndex.add(new Tagged(claim, document(article), null));
            } else {
                done(claim);
            }
        }
    }

    private void tag(Claim claim, ArticleDocument document, LocalDate date) {
        try {
            List<AnnotationPieces.Piece> pieces = AnnotationPieces.split(document.body(), config.annotateMaxChars());
            List<Annotation> annotations = new ArrayList<>(pieces.size());
            for (int i = 0; i < pieces.size(); i++) {
                String learnedAs = pieces.size() == 1 ? document.id() : document.id() + ":" + i;
                annotations.add(nlp.annotate(new AnnotateRequest(pieces.get(i).text(), date, learnedAs)));
            }
            Annotation annotation = AnnotationPieces.join(pieces, annotations);
            String detail = annotation.entities().size() + " entities, " + annotation.dates().size() + " dates"
                    + (pieces.size() > 1 ? ", in " + pieces.size() + " pieces" : "");
            // recorded as TAGGED with the rest of its bulk, before the bulk is sent (one statement for all)
            toIndex.add(new Tagged(claim, new ArticleDocument(document.id(), document.title(), document.body(),
                    document.publishedAt(), document.source(), document.url(), document.dateline(), annotation), detail));
        } catch (RuntimeException e) {
            fail(claim, e);
        }
    }

    /**
     * Gathers tagged articles into bulks: the first waits as long as it must, then up to bulk-linger for more (up to
     * bulk-linger-busy while this replica holds a backlog).
     */
    private void indexLoop() {
        while (running || !toIndex.isEmpty()) {
            List<Tagged> bulk = new ArrayList<>();
            try {
                Tagged first = toIndex.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                bulk.add(first);
                Duration linger = held.size() > config.bulkSize() ? config.bulkLingerBusy() : config.bulkLinger();
                long deadline = System.nanoTime() + linger.toNanos();
                while (bulk.size() < config.bulkSize()) {
                    Tagged next = toIndex.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    if (next == null) {
                        break;
                    }
                    bulk.add(next);
                    toIndex.drainTo(bulk, config.bulkSize() - bulk.size());
                }
                index(bulk);
            } catch (InterruptedException e) {
                return; // shutting down: the bulk's claims stay held, and are given back
            } catch (RuntimeException e) {
                LOG.error("indexing loop", e);
            }
        }
    }

    private void index(List<Tagged> gathered) {
        List<Tagged> bulk = recordTagged(gathered);
        if (bulk.isEmpty()) {
            return;
        }
        BulkResult result;
        try {
            result = query.indexAll(backlog.heavy(), bulk.stream().map(Tagged::document).toList());
        } catch (RuntimeException e) {
            bulk.forEach(t -> fail(t.claim(), e));
            return;
        }
        Map<String, String> failures = new HashMap<>();
        result.failures().forEach(f -> failures.put(f.id(), f.reason()));
        List<Long> indexed = bulk.stream().filter(t -> !failures.containsKey(t.document().id()))
                .map(t -> t.claim().token()).toList();
        try {
            List<ArticleRepository.Indexed> moved = retryingDeadlocks(() -> QuarkusTransaction.requiringNew()
                    .call(() -> articles.markIndexed(indexed)));
            indexedCounter.increment(moved.size());
            moved.stream().filter(m -> m.freshnessSeconds() != null && m.freshnessSeconds() >= 0)
                    .forEach(m -> freshness.record(Duration.ofMillis((long) (m.freshnessSeconds() * 1000))));
        } catch (RuntimeException e) {
            // indexed, but not recorded: the lease runs out and the article is indexed again (idempotent: same id)
            LOG.warnf("indexed articles not recorded, they will be indexed again: %s", e.getMessage());
        }
        for (Tagged t : bulk) {
            String reason = failures.get(t.document().id());
            if (reason == null) {
                done(t.claim());
            } else {
                fail(t.claim(), new IndexingRefused(reason));
            }
        }
    }

    /**
     * Records the articles of a bulk tagged just now as TAGGED, with their annotations, in one transaction; returns
     * the bulk less the articles whose lease was lost meanwhile (left to their new holder) or that could not be
     * recorded (a failed try, like any failed step).
     */
    private List<Tagged> recordTagged(List<Tagged> bulk) {
        List<ArticleRepository.Tagging> fresh = bulk.stream().filter(t -> t.detail() != null)
                .map(t -> new ArticleRepository.Tagging(t.claim(), t.document().annotation(), t.detail())).toList();
        if (fresh.isEmpty()) {
            return bulk;
        }
        Set<java.util.UUID> moved;
        try {
            moved = retryingDeadlocks(() -> QuarkusTransaction.requiringNew().call(() -> articles.markTagged(fresh)));
        } catch (RuntimeException e) {
            bulk.stream().filter(t -> t.detail() != null).forEach(t -> fail(t.claim(), e));
            return bulk.stream().filter(t -> t.detail() == null).toList();
        }
        taggedCounter.increment(moved.size());
        List<Tagged> kept = new ArrayList<>(bulk.size());
        for (Tagged t : bulk) {
            if (t.detail() == null || moved.contains(t.claim().id())) {
                kept.add(t);
            } else {
                LOG.debugf("article %s: lease lost while tagging, left to its new holder", t.claim().id());
                done(t.claim());
            }
        }
        return kept;
    }

    /**
     * The call, again up to twice when PostgreSQL chose its transaction as a deadlock's victim (the other one has
     * finished by then): a bulk already indexed is recorded now rather than indexed again after its lease runs out.
     */
    static <T> T retryingDeadlocks(java.util.function.Supplier<T> call) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (RuntimeException e) {
                if (attempt == 3 || !deadlock(e)) {
                    throw e;
                }
                LOG.infof("deadlock recording a bulk, trying again (%d)", attempt);
            }
        }
    }

    static boolean deadlock(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.sql.SQLException sql && "40P01".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** query-service indexed the bulk but refused this article (Elasticsearch's reason). */
    static final class IndexingRefused extends RuntimeException {
        IndexingRefused(String reason) {
            super("Elasticsearch refused the document: " + reason);
        }
    }

    /**
     * Every lease this replica holds lasts another full lease, every third of a lease (whatever the lease: a fixed
     * period of 40 s let leases shorter than that run out under articles still being worked on, so that another
     * replica claimed, tagged and indexed them a second time).
     */
    @Scheduled(every = "1s", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void renewLeases() {
        long now = System.nanoTime();
        if (now - lastRenewal < config.lease().toNanos() / 3) {
            return;
        }
        lastRenewal = now;
        Set<Long> tokens = Set.copyOf(held.keySet());
        if (tokens.isEmpty()) {
            return;
        }
        Instant until = Instant.now().plus(config.lease());
        try {
            QuarkusTransaction.requiringNew().call(() -> articles.renew(tokens, until));
        } catch (RuntimeException e) {
            LOG.warnf("leases not renewed this round: %s", e.getMessage());
        }
    }

    private void done(Claim claim) {
        if (held.remove(claim.token()) != null) {
            room.release();
        }
    }

    /** A failed step: counted or not, backoff with jitter, FAILED with the reason after max-attempts counted ones. */
    private void fail(Claim claim, RuntimeException error) {
        if (!running) {
            // shutting down, a step cut short is no failure of the article: the claim stays held and is given back
            room.release();
            return;
        }
        boolean counts = counts(error);
        String message = describe(error);
        try {
            QuarkusTransaction.requiringNew().run(() -> articles.fenced(claim).ifPresent(article -> {
                if (counts) {
                    article.attempts++;
                }
                article.retries++;
                article.lastError = message;
                article.leaseUntil = null;
                article.leaseToken = null;
                article.updatedAt = Instant.now();
                if (article.attempts >= config.maxAttempts()) {
                    article.status = ArticleStatus.FAILED;
                    ArticleEvent.record(article.id, ArticleStatus.FAILED.name(), "after " + article.attempts
                            + " attempts: " + message);
                    failedCounter.increment();
                    LOG.errorf("article %s FAILED after %d attempts: %s", article.id, article.attempts, message);
                } else {
                    article.nextAttemptAt = Instant.now().plus(backoff(article.retries));
                    if (article.retries == 1) {
                        // one history row per step that needed retries; the article counts the rest
                        ArticleEvent.record(article.id, "RETRY", message);
                    }
                    retriedCounter.increment();
                    LOG.debugf("article %s (%s) will be retried, try %d: %s", article.id, article.status,
                            article.retries, message);
                }
            }));
        } catch (RuntimeException e) {
            LOG.warnf("failure of article %s not recorded (its lease runs out): %s", claim.id(), e.getMessage());
        } finally {
            done(claim);
        }
    }

    /** Whether a failure counts towards FAILED: all do but an unreachable or unavailable (503) service. */
    static boolean counts(Throwable error) {
        if (error instanceof WebApplicationException web) {
            return web.getResponse().getStatus() != 503;
        }
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof NoRouteToHostException
                    || cause instanceof UnknownHostException
                    || cause instanceof io.vertx.core.VertxException && String.valueOf(cause.getMessage()).contains("onnection refused")) {
                return false;
            }
        }
        return true;
    }

    /** Exponential backoff with jitter: a random wait between half and all of min(max, initial * 2^(tries-1)). */
    Duration backoff(int tries) {
        long factor = 1L << Math.min(Math.max(tries, 1) - 1, 20);
        Duration wait = config.initialBackoff().multipliedBy(factor);
        if (wait.compareTo(config.maxBackoff()) > 0) {
            wait = config.maxBackoff();
        }
        long millis = wait.toMillis();
        return Duration.ofMillis(millis / 2 + ThreadLocalRandom.current().nextLong(millis / 2 + 1));
    }

    /** New articles were stored here: claim now rather than at the next poll (other replicas poll). */
    public void arrived() {
        arrivals.release();
    }

    /** Articles this replica holds right now (claimed and not yet done). */
    public int inFlight() {
        return held.size();
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

    /** Daemon threads named for what they do (the pipeline's and the source crawler's). */
    static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
