package dev.dragoman.ingest.service;

import dev.dragoman.common.api.KbChanges;
import dev.dragoman.ingest.client.KnowledgeBaseClient;
import dev.dragoman.ingest.config.IngestConfig;
import dev.dragoman.ingest.repository.ArticleRepository;
import dev.dragoman.ingest.repository.RelinkWatermark;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Order independence: when nlp-service's knowledge base learns something that changes earlier links (a full name for
 * a surname already seen, a merge, a curated alias), the articles concerned go through tagging and indexing again by
 * themselves. Every {@code dragoman.ingest.relink.interval} a replica asks nlp-service what changed since the shared
 * watermark and requeues the articles whose annotation mentions an entity merged away, and those that used a changed
 * name for another entity than the one it gained (nlp-service names them: only it computes a mention's lookup key).
 * <p>
 * One replica at a time: the round runs in one transaction that holds the watermark's row lock
 * ({@code FOR UPDATE SKIP LOCKED}; another replica finds it locked and skips the round), requeues the articles and
 * advances the watermark to the answer's {@code until}. A window is therefore handled once, and a replica that dies
 * mid-round advances nothing: the next round asks for the same window again.
 * <p>
 * It cannot loop: tagging an article again makes no change of its own in the knowledge base (learning is idempotent
 * per article, nlp-service reports a learnt name only when it first links a name to an entity, and never names an
 * article that already links the name to that entity, such as the one that taught it), so requeued articles come
 * back only when something new was learnt, and each name-entity pair is new once.
 */
@ApplicationScoped
public class KbChangeFollower {

    private static final Logger LOG = Logger.getLogger(KbChangeFollower.class);
    static final String DETAIL = "knowledge base changed";

    private final ArticleRepository articles;
    private final KnowledgeBaseClient knowledgeBase;
    private final ArticlePipeline pipeline;
    private final IngestConfig config;
    /** Articles sent round again because the knowledge base changed: {@code dragoman_relink_requeued_total}. */
    private final io.micrometer.core.instrument.Counter requeuedCounter;

    public KbChangeFollower(ArticleRepository articles, @RestClient KnowledgeBaseClient knowledgeBase,
                            ArticlePipeline pipeline, IngestConfig config,
                            io.micrometer.core.instrument.MeterRegistry meters) {
        this.requeuedCounter = io.micrometer.core.instrument.Counter.builder("dragoman.relink.requeued")
                .description("articles requeued because the knowledge base learnt something that may link them otherwise")
                .register(meters);
        this.articles = articles;
        this.knowledgeBase = knowledgeBase;
        this.pipeline = pipeline;
        this.config = config;
    }

    /** What one round did: the window followed and the articles it concerned. */
    public record Round(Instant since, Instant until, long requeued, long deferred) {
    }

    @Scheduled(every = "${dragoman.ingest.relink.interval:10s}", delayed = "${dragoman.ingest.relink.interval:10s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        if (!config.relink().enabled() || config.migrateOnly()) {
            return;
        }
        try {
            follow();
        } catch (RuntimeException e) {
            // nlp-service or the database is away: the watermark stays, the same window is asked for next round
            LOG.warnf("following the knowledge base's changes failed (tried again in %s): %s",
                    config.relink().interval(), e.getMessage());
        }
    }

    /**
     * One round: the changes since the watermark, their articles requeued, the watermark advanced, in one
     * transaction. Empty when another replica holds the watermark right now.
     */
    public Optional<Round> follow() {
        Optional<Round> round = QuarkusTransaction.requiringNew().call(() -> {
            RelinkWatermark watermark = RelinkWatermark.lock();
            if (watermark == null) {
                return Optional.<Round>empty();
            }
            // articles a worker held when an earlier round concerned them, and has let go since
            long requeued = articles.requeueDeferred();
            KbChanges changes = knowledgeBase.changes(watermark.until.toString());
            // every article that mentions an entity merged away, and those nlp-service names for a changed name
            java.util.List<String> merged = changes.mergedIds() == null ? java.util.List.of() : changes.mergedIds();
            Map<UUID, String> named = named(changes);
            ArticleRepository.Requeued now = merged.isEmpty() && named.isEmpty()
                    ? new ArticleRepository.Requeued(0, 0)
                    : articles.requeue(merged, named, DETAIL, true);
            Instant since = watermark.until;
            if (changes.until().isAfter(since)) {
                watermark.until = changes.until();
            }
            watermark.updatedAt = Instant.now();
            return Optional.of(new Round(since, watermark.until, requeued + now.requeued(), now.held()));
        });
        round.ifPresent(r -> {
            if (r.requeued() > 0) {
                requeuedCounter.increment(r.requeued());
                LOG.infof("knowledge base changed in [%s, %s): %d articles requeued, %d after their worker lets them go",
                        r.since(), r.until(), r.requeued(), r.deferred());
                pipeline.arrived();
            }
        });
        return round;
    }

    /**
     * The articles that used a changed name, by this service's article id (a long article was annotated in pieces,
     * {@code <id>:<n>}), with the names; ids that are not this service's (other callers of annotate) are left out.
     */
    static Map<UUID, String> named(KbChanges changes) {
        Map<UUID, Set<String>> names = new LinkedHashMap<>();
        for (KbChanges.ArticleNames article : changes.articles() == null ? java.util.List.<KbChanges.ArticleNames>of()
                : changes.articles()) {
            String id = article.articleId();
            int piece = id.indexOf(':');
            try {
                names.computeIfAbsent(UUID.fromString(piece < 0 ? id : id.substring(0, piece)), k -> new HashSet<>())
                        .addAll(article.names());
            } catch (IllegalArgumentException notOurs) {
                // an id given to annotate by another caller
            }
        }
        Map<UUID, String> named = new LinkedHashMap<>();
        names.forEach((id, set) -> named.put(id, String.join(", ", new java.util.TreeSet<>(set))));
        return named;
    }
}
