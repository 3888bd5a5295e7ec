package dev.dragoman.ingest.service;

import dev.dragoman.common.problem.ProblemException;
import dev.dragoman.ingest.client.PageFetcher;
import dev.dragoman.ingest.config.IngestConfig;
import dev.dragoman.ingest.model.SubmitResult;
import dev.dragoman.ingest.repository.Source;
import dev.dragoman.ingest.repository.SourceRepository;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Fetches due sources on any number of replicas: each replica claims due sources from PostgreSQL like articles
 * ({@code FOR UPDATE SKIP LOCKED}, a lease, a fencing token per claim), so a source is fetched by one replica at a
 * time, and records the fetch only while its claim still holds. A fetch reads the feed or sitemap (conditionally:
 * ETag, Last-Modified), then fetches each new item's page, extracts and cleans its text and stores it through
 * {@link IngestService}: same-URL duplicates are found by canonical URL before the page is fetched, same-content
 * ones by the content hash.
 */
@ApplicationScoped
public class SourceCrawler {

    private static final Logger LOG = Logger.getLogger(SourceCrawler.class);

    private final SourceRepository sources;
    private final PageFetcher fetcher;
    private final IngestService ingest;
    private final IngestConfig.Sources config;
    private final CanonicalUrl canonical;
    private final boolean migrateOnly;
    private final MeterRegistry meters;
    private final DistributionSummary itemsPerFetch;
    private final Semaphore room;
    private final Set<Long> held = ConcurrentHashMap.newKeySet();
    private final Object signal = new Object();
    private volatile boolean running;
    private volatile boolean woken;
    private ExecutorService fetchers;
    private Thread claimer;

    public SourceCrawler(SourceRepository sources, PageFetcher fetcher, IngestService ingest, IngestConfig config,
                         MeterRegistry meters) {
        this.sources = sources;
        this.fetcher = fetcher;
        this.ingest = ingest;
        this.config = config.sources();
        this.canonical = new CanonicalUrl(config.fetch().trackingParameters());
        this.migrateOnly = config.migrateOnly();
        this.meters = meters;
        this.itemsPerFetch = DistributionSummary.builder("dragoman.sources.items.per.fetch").register(meters);
        this.room = new Semaphore(this.config.concurrency());
    }

    void start(@Observes StartupEvent event) {
        if (!config.enabled() || migrateOnly) {
            return;
        }
        running = true;
        fetchers = Executors.newFixedThreadPool(config.concurrency(), ArticlePipeline.daemon("sources-fetch"));
        claimer = ArticlePipeline.daemon("sources-claim").newThread(this::claimLoop);
        claimer.start();
    }

    /** Stops claiming; fetches in progress are abandoned and their leases given back for another replica. */
    void stop(@Observes ShutdownEvent event) {
        if (!running) {
            return;
        }
        running = false;
        claimer.interrupt();
        fetchers.shutdownNow();
        try {
            fetchers.awaitTermination(2, TimeUnit.SECONDS);
            QuarkusTransaction.requiringNew().run(() -> sources.release(List.copyOf(held)));
        } catch (RuntimeException | InterruptedException e) {
            LOG.warnf("source leases not given back (they expire on their own): %s", e.getMessage());
        }
    }

    /** A source became due now (registered, resumed, "fetch now"): look at once instead of at the next poll. */
    public void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    private void claimLoop() {
        while (running) {
            try {
                int free = room.availablePermits();
                List<SourceRepository.Claim> claims = free == 0 ? List.of() : QuarkusTransaction.requiringNew()
                        .call(() -> sources.claimDue(free, Instant.now().plus(config.lease())));
                for (SourceRepository.Claim claim : claims) {
                    room.acquireUninterruptibly();
                    held.add(claim.token());
                    fetchers.submit(() -> {
                        try {
                            crawl(claim);
                        } finally {
                            held.remove(claim.token());
                            room.release();
                        }
                    });
                }
                synchronized (signal) {
                    if (!woken) {
                        signal.wait(config.pollInterval().toMillis());
                    }
                    woken = false;
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warnf("claiming sources failed (tried again): %s", e.getMessage());
                try {
                    Thread.sleep(config.pollInterval().toMillis());
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    /** What one fetch found so far, and until when it may go on fetching items. */
    private static final class Tally {
        final Instant deadline;
        long seen;
        long accepted;
        Instant retryAt;
        String itemError;

        Tally(Instant deadline) {
            this.deadline = deadline;
        }
    }

    /** Fetches one claimed source and records the outcome under its fencing token. */
    void crawl(SourceRepository.Claim claim) {
        Source source = QuarkusTransaction.requiringNew().call(() -> sources.findById(claim.id()));
        if (source == null) {
            return;
        }
        // items are fetched for half the lease at most, so the claim still holds when the fetch is recorded; the
        // items left over are taken at the next fetch, which then comes at once
        Tally tally = new Tally(Instant.now().plus(config.lease().dividedBy(2)));
        Duration interval = Duration.ofSeconds(source.intervalSeconds);
        SourceRepository.Outcome outcome;
        try {
            PageFetcher.Page page = fetcher.fetch(source.url,
                    new PageFetcher.Validators(source.etag, source.lastModified));
            if (!page.notModified()) {
                switch (source.type) {
                    case RSS, ATOM -> items(source, page.url(), FeedReader.feed(page.body()), tally);
                    case SITEMAP -> sitemap(source, page, tally);
                    case PAGE -> pageItem(source, page, tally);
                }
            }
            itemsPerFetch.record(tally.seen);
            Instant next = tally.retryAt != null ? tally.retryAt : Instant.now().plus(interval);
            outcome = new SourceRepository.Outcome(page.status(), tally.itemError, false, page.etag(),
                    page.lastModified(), tally.seen, tally.accepted, next);
            meters.counter("dragoman.sources.fetches", "type", source.type.name().toLowerCase(), "outcome",
                    page.notModified() ? "not-modified" : "fetched").increment();
        } catch (PageFetcher.FetchFailed e) {
            if (e.busy()) {
                // nothing was sent: not a fetch and not a failure; the source waits for the host's turn
                Instant at = e.retryAt();
                boolean postponed = QuarkusTransaction.requiringNew().call(() -> sources.postpone(claim, at));
                if (!postponed) {
                    LOG.infof("source %s: lease lost before it was postponed (another replica has it)", source.id);
                }
                return;
            }
            outcome = failure(source, interval, e.status(), e.getMessage(), e.retryAt(), tally);
        } catch (FeedReader.Unreadable e) {
            meters.counter("dragoman.sources.errors", "kind", "unreadable").increment();
            outcome = failure(source, interval, 200, e.getMessage(), null, tally);
        } catch (RuntimeException e) {
            LOG.warnf(e, "fetching source %s failed", source.id);
            meters.counter("dragoman.sources.errors", "kind", "internal").increment();
            outcome = failure(source, interval, null, "fetch failed: " + e.getMessage(), null, tally);
        }
        SourceRepository.Outcome recorded = outcome;
        boolean held = QuarkusTransaction.requiringNew().call(() -> sources.finish(claim, recorded));
        if (!held) {
            LOG.infof("source %s: lease lost before the fetch was recorded (another replica has it)", source.id);
        }
    }

    private SourceRepository.Outcome failure(Source source, Duration interval, Integer status, String error,
                                             Instant retryAt, Tally tally) {
        meters.counter("dragoman.sources.fetches", "type", source.type.name().toLowerCase(), "outcome", "failed")
                .increment();
        Duration backoff = interval.multipliedBy(1L << Math.min(source.consecutiveFailures + 1, 20));
        if (backoff.compareTo(config.maxBackoff()) > 0) {
            backoff = config.maxBackoff();
        }
        Instant next = retryAt != null ? retryAt : Instant.now().plus(backoff);
        return new SourceRepository.Outcome(status, error, true, null, null, tally.seen, tally.accepted, next);
    }

    private void sitemap(Source source, PageFetcher.Page page, Tally tally) throws FeedReader.Unreadable,
            PageFetcher.FetchFailed {
        FeedReader.Sitemap map = FeedReader.sitemap(page.url(), page.contentType(), page.body());
        List<FeedReader.Item> items = new ArrayList<>(map.items());
        for (String child : map.children().stream().limit(config.maxChildSitemaps()).toList()) {
            PageFetcher.Page childPage = fetcher.fetch(child, PageFetcher.Validators.NONE);
            items.addAll(FeedReader.sitemap(childPage.url(), childPage.contentType(), childPage.body()).items());
        }
        items(source, page.url(), items, tally);
    }

    private void pageItem(Source source, PageFetcher.Page page, Tally tally) {
        String url = canonical.of(page.url());
        tally.seen++;
        store(source, url, null, page, tally);
    }

    /** Each new item: skipped when seen before or stored under its URL already, else its page fetched and stored. */
    private void items(Source source, String base, List<FeedReader.Item> items, Tally tally) {
        int taken = 0;
        for (FeedReader.Item item : items) {
            if (taken >= config.maxItemsPerFetch() || tally.retryAt != null || !running) {
                break;
            }
            if (Instant.now().isAfter(tally.deadline)) {
                tally.retryAt = Instant.now();
                break;
            }
            String link;
            try {
                link = java.net.URI.create(base).resolve(item.url().strip()).toString();
            } catch (IllegalArgumentException e) {
                continue;
            }
            String url = canonical.of(link);
            Optional<SourceRepository.Item> known = QuarkusTransaction.requiringNew()
                    .call(() -> sources.item(source.id, url));
            if (known.isPresent() && known.get().done()) {
                continue;
            }
            taken++;
            tally.seen++;
            Optional<SubmitResult> sameUrl = ingest.findByUrl(url);
            if (sameUrl.isPresent()) {
                record(source.id, url, sameUrl.get().id(), true, null, null, null);
                continue;
            }
            try {
                PageFetcher.Page page = fetcher.fetch(link, PageFetcher.Validators.NONE);
                store(source, url, item, page, tally);
            } catch (PageFetcher.FetchFailed e) {
                if ("rate-limited".equals(e.kind()) || e.busy()) {
                    tally.retryAt = e.retryAt();
                }
                // refused and robots-disallowed items are done with; others are tried again at the next fetch
                boolean done = "refused".equals(e.kind()) || "robots".equals(e.kind());
                tally.itemError = "item " + link + ": " + e.getMessage();
                record(source.id, url, null, done, null, null, e.getMessage());
            }
        }
    }

    private void store(Source source, String url, FeedReader.Item item, PageFetcher.Page page, Tally tally) {
        try {
            PageExtractor.Extracted extracted = PageExtractor.extract(
                    new String(page.body(), StandardCharsets.UTF_8), page.url(), source.name, item);
            String canonicalUrl = extracted.canonicalUrl() == null ? url : canonical.of(extracted.canonicalUrl());
            Optional<SubmitResult> sameUrl = canonicalUrl.equals(url) ? Optional.empty()
                    : ingest.findByUrl(canonicalUrl);
            SubmitResult result = sameUrl.isPresent() ? sameUrl.get()
                    : ingest.submit(extracted.article().withUrl(canonicalUrl), source.id, extracted.author());
            if (!result.duplicate()) {
                tally.accepted++;
            }
            record(source.id, url, result.id(), true, page.etag(), page.lastModified(), null);
        } catch (ProblemException e) {
            tally.itemError = "item " + url + ": " + e.getMessage();
            record(source.id, url, null, true, page.etag(), page.lastModified(), e.getMessage());
        }
    }

    private void record(UUID sourceId, String url, UUID articleId, boolean done, String etag, String lastModified,
                        String error) {
        QuarkusTransaction.requiringNew().run(() -> sources.recordItem(sourceId, url, articleId, done, etag,
                lastModified, error));
    }

    /**
     * The one-shot POST /api/v1/articles {"url": ...}: fetches one page (guard, robots, politeness as for sources),
     * extracts, cleans and stores it. Bad URLs and unfetchable pages are 4xx problems.
     */
    public SubmitResult ingestUrl(String url, String sourceName) {
        String canonicalUrl = canonical.of(url);
        Optional<SubmitResult> sameUrl = ingest.findByUrl(canonicalUrl);
        if (sameUrl.isPresent()) {
            return sameUrl.get();
        }
        PageFetcher.Page page;
        try {
            page = fetcher.fetch(url.strip(), PageFetcher.Validators.NONE);
        } catch (PageFetcher.FetchFailed e) {
            if ("refused".equals(e.kind())) {
                throw ProblemException.badRequest("refused", "the URL may not be fetched: " + e.getMessage());
            }
            throw new ProblemException(422, "Page not fetched", e.getMessage());
        }
        PageExtractor.Extracted extracted = PageExtractor.extract(new String(page.body(), StandardCharsets.UTF_8),
                page.url(), sourceName == null || sourceName.isBlank() ? java.net.URI.create(page.url()).getHost()
                        : sourceName, null);
        String finalUrl = extracted.canonicalUrl() == null ? canonical.of(page.url())
                : canonical.of(extracted.canonicalUrl());
        return ingest.findByUrl(finalUrl).orElseGet(() -> ingest.submit(extracted.article().withUrl(finalUrl), null,
                extracted.author()));
    }
}
