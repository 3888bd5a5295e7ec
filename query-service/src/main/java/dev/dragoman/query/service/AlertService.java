package dev.dragoman.query.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dragoman.common.problem.ProblemException;
import dev.dragoman.query.config.QueryConfig;
import dev.dragoman.query.model.ArticleFilter;
import dev.dragoman.query.model.SavedSearch;
import dev.dragoman.query.model.SearchPage;
import dev.dragoman.query.repository.AlertDeliveries;
import dev.dragoman.query.repository.ClusterLease;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Saved searches and their alerts. Every few seconds, each saved search with a webhook is run over the articles
 * indexed since its last delivery (and {@link #LOOKBACK} before it: an article stamped before the watermark may become
 * visible only after it); new matches are POSTed to the webhook in batches. Which articles a webhook accepted is
 * recorded per article ({@link AlertDeliveries}), so an article is sent once although rounds overlap, an article
 * indexed again gets a new stamp, and the round may run on another replica. A batch the webhook does not accept (no
 * 2xx, or no answer) is sent again on the next round.
 */
@ApplicationScoped
public class AlertService {

    private static final Logger LOG = Logger.getLogger(AlertService.class);
    /** Articles become searchable up to a refresh interval after they are stamped: deliver only what has settled. */
    private static final Duration SETTLE = Duration.ofSeconds(2);
    /**
     * How far back of its watermark a round looks again: indexing stamps an article before its bulk is written and
     * refreshed, which on a busy node takes longer than SETTLE; what was delivered already is skipped by id.
     */
    static final Duration LOOKBACK = Duration.ofMinutes(2);
    private static final int BATCH = 100;
    /** The singleton job's name in {@link ClusterLease}: one replica delivers alerts. */
    static final String JOB = "alert-delivery";

    private final SavedSearchStore store;
    private final SearchService search;
    private final ObjectMapper json;
    private final QueryConfig config;
    private final ClusterLease lease;
    private final AlertDeliveries deliveries;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public AlertService(SavedSearchStore store, SearchService search, ObjectMapper json, QueryConfig config,
                        ClusterLease lease, AlertDeliveries deliveries) {
        this.lease = lease;
        this.deliveries = deliveries;
        this.store = store;
        this.search = search;
        this.json = json;
        this.config = config;
    }

    public SavedSearch create(SavedSearch.Request request) {
        FilterParser.parse(request.query()); // refuse what would fail later
        String webhook = request.webhook() == null || request.webhook().isBlank() ? null : checkedWebhook(request.webhook());
        Instant now = Instant.now();
        SavedSearch saved = new SavedSearch(UUID.randomUUID().toString(), request.name().strip(), request.query(),
                webhook, now, now, null, null);
        store.save(saved);
        return saved;
    }

    public Optional<SavedSearch> find(String id) {
        return store.find(id);
    }

    public List<SavedSearch> all() {
        return store.all();
    }

    public boolean delete(String id) {
        return store.delete(id);
    }

    /** Articles that match the saved search and were indexed after {@code since} (default: when it was saved). */
    public Optional<SearchPage> matches(String id, Instant since, int size, String cursor) {
        return store.find(id).map(saved -> search.search(FilterParser.parse(saved.query())
                        .indexedBetween(since != null ? since : saved.createdAt(), null), "oldest", size, cursor,
                List.of(), 10, null));
    }

    void giveBack(@jakarta.enterprise.event.Observes io.quarkus.runtime.ShutdownEvent event) {
        lease.release(JOB);
    }

    @Scheduled(every = "${dragoman.query.alerts.interval:10s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void deliverAll() {
        if (!config.alerts().enabled() || !lease.acquire(JOB, config.singletonLease())) {
            return; // another replica delivers alerts
        }
        List<SavedSearch> watched;
        try {
            watched = store.all().stream().filter(s -> s.webhook() != null).toList();
        } catch (RuntimeException e) {
            LOG.debugf("alerts skipped this round: %s", e.getMessage());
            return;
        }
        for (SavedSearch saved : watched) {
            if (!lease.acquire(JOB, config.singletonLease())) {
                return; // the lease went to another replica during a slow round: it delivers from here on
            }
            deliver(saved);
        }
    }

    void deliver(SavedSearch saved) {
        Instant upTo = Instant.now().minus(SETTLE);
        Instant after = saved.deliveredUpTo() == null ? null : saved.deliveredUpTo().minus(LOOKBACK);
        if (after != null && saved.createdAt() != null && after.isBefore(saved.createdAt())) {
            after = saved.createdAt();
        }
        ArticleFilter filter = FilterParser.parse(saved.query()).indexedBetween(after, upTo);
        String cursor = null;
        try {
            do {
                SearchPage page = search.search(filter, "oldest", BATCH, cursor, List.of(), 10, null);
                Set<String> sent = deliveries.delivered(saved.id(),
                        page.items().stream().map(SearchPage.Item::id).toList());
                List<SearchPage.Item> fresh = page.items().stream().filter(i -> !sent.contains(i.id())).toList();
                if (!fresh.isEmpty()) {
                    post(saved, fresh);
                    deliveries.record(saved.id(), fresh.stream().map(SearchPage.Item::id).toList());
                }
                cursor = page.nextCursor();
            } while (cursor != null);
            store.updateIfPresent(saved.delivered(upTo, Instant.now(), null));
        } catch (IOException | RuntimeException e) {
            LOG.warnf("alert of saved search %s not delivered, will retry: %s", saved.id(), e.getMessage());
            store.updateIfPresent(saved.delivered(saved.deliveredUpTo(), saved.lastDeliveryAt(), e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void post(SavedSearch saved, List<SearchPage.Item> articles) throws IOException, InterruptedException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("savedSearch", Map.of("id", saved.id(), "name", saved.name()));
        body.put("articles", articles);
        HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(saved.webhook()))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .header("User-Agent", "dragoman-alerts")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("webhook answered HTTP " + response.statusCode());
        }
    }

    private static String checkedWebhook(String webhook) {
        try {
            URI uri = URI.create(webhook.strip());
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException("not http(s)");
            }
            return uri.toString();
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("Invalid webhook", "webhook must be an absolute http(s) URL; got '"
                    + webhook + "'");
        }
    }
}
