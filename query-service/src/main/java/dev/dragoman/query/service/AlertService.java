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

import dev.dragoman.common.net.AddressGuard;
import dev.dragoman.query.client.WebhookClient;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Saved searches and their alerts. Every few seconds, each saved search with a webhook is run over the articles
 * indexed since its last delivery; new matches are POSTed to the webhook in batches. A batch the webhook does not
 * accept (no 2xx, or no answer) is sent again on the next round, so delivery is at least once. Each delivery is
 * signed with the search's own secret ({@link WebhookSignature}) and goes only where {@link WebhookClient} allows.
 */
@ApplicationScoped
public class AlertService {

    private static final Logger LOG = Logger.getLogger(AlertService.class);
    private static final int BATCH = 100;
    /** The singleton job's name in {@link ClusterLease}: one replica delivers alerts. */
    static final String JOB = "alert-delivery";

    private final SavedSearchStore store;
    private final SearchService search;
    private final ObjectMapper json;
    private final QueryConfig config;
    private final ClusterLease lease;
    private final AlertDeliveries deliveries;
    private final WebhookClient webhooks;

    public AlertService(SavedSearchStore store, SearchService search, ObjectMapper json, QueryConfig config,
                        WebhookClient webhooks, ClusterLease lease, AlertDeliveries deliveries) {
        this.lease = lease;
        this.deliveries = deliveries;
        this.store = store;
        this.search = search;
        this.json = json;
        this.config = config;
        this.webhooks = webhooks;
    }

    /** Saves a search for its caller; the answer, unlike any later one, holds the webhook's signing secret. */
    public SavedSearch create(SavedSearch.Request request, SavedSearch.Caller caller) {
        FilterParser.parse(request.query()); // refuse what would fail later
        String webhook = request.webhook() == null || request.webhook().isBlank() ? null : checkedWebhook(request.webhook());
        Instant now = Instant.now();
        SavedSearch saved = new SavedSearch(UUID.randomUUID().toString(), request.name().strip(), request.query(),
                webhook, webhook == null ? null : WebhookSignature.newSecret(), now, now, null, null, caller.subject());
        store.save(saved);
        return saved;
    }

    /** A saved search this caller may see (its own; any for an admin): another user's is as if it did not exist. */
    public Optional<SavedSearch> find(String id, SavedSearch.Caller caller) {
        return store.find(id).filter(s -> s.visibleTo(caller)).map(SavedSearch::withoutSecret);
    }

    public List<SavedSearch> all(SavedSearch.Caller caller) {
        return store.all().stream().filter(s -> s.visibleTo(caller)).map(SavedSearch::withoutSecret).toList();
    }

    public boolean delete(String id, SavedSearch.Caller caller) {
        return find(id, caller).isPresent() && store.delete(id);
    }

    /** Articles that match the saved search and were indexed after {@code since} (default: when it was saved). */
    public Optional<SearchPage> matches(String id, SavedSearch.Caller caller, Instant since, int size, String cursor) {
        return find(id, caller).map(saved -> search.search(FilterParser.parse(saved.query())
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

    /**
     * One round for one saved search: its matches indexed since the watermark less the overlap, of which those not
     * delivered yet are POSTed and recorded. The watermark only bounds what is read again; whether an article is sent
     * is decided by the delivery records, so nothing rests on the clocks agreeing to within a refresh.
     */
    void deliver(SavedSearch saved) {
        Instant roundStart = Instant.now();
        Instant from = saved.deliveredUpTo() == null ? saved.createdAt()
                : saved.deliveredUpTo().minus(config.alerts().overlap());
        if (from.isBefore(saved.createdAt())) {
            from = saved.createdAt();
        }
        ArticleFilter filter = FilterParser.parse(saved.query()).indexedBetween(from, null);
        String cursor = null;
        try {
            do {
                SearchPage page = search.search(filter, "oldest", BATCH, cursor, List.of(), 10, null);
                List<String> fresh = deliveries.notDelivered(saved.id(),
                        page.items().stream().map(SearchPage.Item::id).toList());
                if (!fresh.isEmpty()) {
                    java.util.Set<String> wanted = java.util.Set.copyOf(fresh);
                    post(saved, new SearchPage(page.total(), page.items().stream()
                            .filter(i -> wanted.contains(i.id())).toList(), null, null));
                    deliveries.record(saved.id(), fresh);
                }
                cursor = page.nextCursor();
            } while (cursor != null);
            store.updateIfPresent(saved.delivered(roundStart, Instant.now(), null));
        } catch (WebhookClient.NotDelivered e) {
            LOG.warnf("alert of saved search %s not delivered, will retry: %s", saved.id(), e.getMessage());
            store.updateIfPresent(saved.delivered(saved.deliveredUpTo(), saved.lastDeliveryAt(), e.getMessage()));
        } catch (RuntimeException e) {
            LOG.warnf("alert of saved search %s not delivered, will retry: %s", saved.id(), e.getMessage());
            store.updateIfPresent(saved.delivered(saved.deliveredUpTo(), saved.lastDeliveryAt(),
                    "not delivered: the matches could not be read; they will be sent again"));
        }
    }

    private void post(SavedSearch saved, SearchPage page) throws WebhookClient.NotDelivered {
        if (saved.secret() == null) {
            throw new WebhookClient.NotDelivered("refused: this saved search predates signed deliveries; delete it "
                    + "and save it again to get a signing secret");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("savedSearch", Map.of("id", saved.id(), "name", saved.name()));
        body.put("articles", page.items());
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        Map<String, String> headers = new LinkedHashMap<>(WebhookSignature.headers(saved.secret(),
                "msg_" + UUID.randomUUID().toString().replace("-", ""), Instant.now().getEpochSecond(), bytes));
        headers.put("Content-Type", "application/json");
        headers.put("User-Agent", "dragoman-alerts");
        webhooks.post(saved.webhook(), headers, bytes);
    }

    private String checkedWebhook(String webhook) {
        try {
            return webhooks.check(webhook).uri().toString();
        } catch (AddressGuard.Refused e) {
            throw ProblemException.badRequest("Invalid webhook", "webhook '" + webhook + "' is refused: "
                    + e.getMessage());
        }
    }
}
