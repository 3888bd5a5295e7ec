package dev.dragoman.query.service;

import dev.dragoman.query.repository.Elastic;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import dev.dragoman.query.config.QueryConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Owns the articles index: an index template for {prefix}-articles-v*, a versioned index, and the alias
 * {prefix}-articles that every read and write goes through. Created at start-up; if Elasticsearch is not up yet,
 * created on first use. When the alias still points at an index of an older mapping version, the index of this
 * version is created beside it and {@link IndexMigration} moves the articles and the alias over while the service
 * keeps serving from the old one.
 */
@ApplicationScoped
public class IndexAdmin {

    /**
     * Bump when the mapping changes incompatibly; a new index is then created and filled behind the alias. 2: the
     * body without term vectors (highlighting re-analyses the few hits it shows; term vectors were an eighth of
     * Elasticsearch's indexing and merging work).
     */
    public static final int MAPPING_VERSION = 2;
    private static final Logger LOG = Logger.getLogger(IndexAdmin.class);

    private final ElasticsearchClient client;
    private final QueryConfig config;
    private final IndexMigration migration;
    private volatile boolean ready;
    /** Set once the alias was seen on this version's index alone: nothing left to migrate. */
    private volatile boolean current;

    public IndexAdmin(ElasticsearchClient client, QueryConfig config, IndexMigration migration) {
        this.client = client;
        this.config = config;
        this.migration = migration;
    }

    void onStart(@Observes StartupEvent event) {
        try {
            ensureIndex();
        } catch (RuntimeException e) {
            LOG.warnf("articles index not ready at start-up (%s); will retry on first use", e.getMessage());
        }
    }

    public String alias() {
        return config.indexPrefix() + "-articles";
    }

    public String versionedIndex() {
        return alias() + "-v" + MAPPING_VERSION;
    }

    /** Idempotent; safe to call from several replicas at once. */
    public void ensureIndex() {
        if (ready) {
            return;
        }
        synchronized (this) {
            if (ready) {
                return;
            }
            Elastic.run(() -> {
                String template = resource("/elasticsearch/articles-template.json")
                        .replace("\"number_of_shards\": 1", "\"number_of_shards\": " + config.indexShards())
                        .replace("\"number_of_replicas\": 0", "\"number_of_replicas\": " + config.indexReplicas())
                        .replace("\"refresh_interval\": \"500ms\"", "\"refresh_interval\": \"" + refreshInterval() + "\"");
                String body = "{\"index_patterns\":[\"" + alias() + "-v*\"],\"priority\":100,\"template\":" + template + "}";
                client.indices().putIndexTemplate(b -> b.withJson(new StringReader(body)).name(alias()));
                List<String> behind = behindAlias();
                createIfMissing(behind.isEmpty() ? alias() : null, behind);
                // replicas and the refresh interval can change on a live index: an operator scaling Elasticsearch out
                // raises the replicas here
                client.indices().putSettings(b -> b.index(alias())
                        .settings(x -> x.numberOfReplicas(String.valueOf(config.indexReplicas()))
                                .refreshInterval(t -> t.time(refreshInterval()))));
                if (behind.isEmpty() || behind.equals(List.of(versionedIndex()))) {
                    // fields added to the mapping since the live index was created (quotes.sourceId) reach it too;
                    // changed fields would be refused here: those need a new MAPPING_VERSION
                    String mappings = new com.fasterxml.jackson.databind.ObjectMapper().readTree(template)
                            .get("mappings").toString();
                    client.indices().putMapping(b -> b.index(alias()).withJson(new StringReader(mappings)));
                } else if (behind.stream().anyMatch(name -> version(name) > MAPPING_VERSION)) {
                    // a newer version of query-service moved the alias on (a rolling update, or one rolled back): this
                    // replica serves that index as it is and migrates nothing
                    LOG.warnf("alias %s is on %s, of a newer mapping version than this replica's %d", alias(), behind,
                            MAPPING_VERSION);
                }
                // an older index keeps its mapping (documents keep their shape) until the migration moves it
                ready = true;
            });
        }
    }

    /**
     * This version's index, behind the alias when one is given, or beside an older one behind it (to migrate to);
     * a replica racing another to create it is fine.
     */
    private void createIfMissing(String alias, List<String> behind) throws IOException {
        if (alias == null && behind.stream().noneMatch(this::isOlder)) {
            return;
        }
        try {
            if (alias == null && client.indices().exists(b -> b.index(versionedIndex())).value()) {
                return;
            }
            client.indices().create(b -> {
                b.index(versionedIndex());
                if (alias != null) {
                    b.aliases(alias, a -> a.isWriteIndex(true));
                }
                return b;
            });
            LOG.infof("created index %s%s", versionedIndex(), alias == null ? "" : " behind alias " + alias);
        } catch (ElasticsearchException e) {
            if (!"resource_already_exists_exception".equals(e.error().type())) {
                throw e;
            }
        }
    }

    /** The indices behind the alias, by name. */
    private List<String> behindAlias() throws IOException {
        if (!client.indices().existsAlias(b -> b.name(alias())).value()) {
            return List.of();
        }
        return client.indices().getAlias(b -> b.name(alias())).aliases().keySet().stream().sorted().toList();
    }

    /** Indices behind the alias of an older mapping version than this replica's (to migrate from). */
    List<String> older() throws IOException {
        return behindAlias().stream().filter(this::isOlder).toList();
    }

    /** Whether an index is of an older mapping version than this replica's (one without a version is not). */
    private boolean isOlder(String index) {
        int version = version(index);
        return version >= 1 && version < MAPPING_VERSION;
    }

    /**
     * The mapping version in an index name ({@code …-v2}); -1 for a name without one (an index an operator put behind
     * the alias by hand is served as it is, never migrated nor deleted).
     */
    private int version(String index) {
        String prefix = alias() + "-v";
        if (index.startsWith(prefix)) {
            try {
                return Integer.parseInt(index.substring(prefix.length()));
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return -1;
    }

    /**
     * Moves the alias off indices of older mapping versions (one replica at a time: {@link IndexMigration}'s lease);
     * checks again each interval until the alias is on this version's index alone.
     */
    @io.quarkus.scheduler.Scheduled(every = "${dragoman.query.index-migration-check:60s}", delayed = "1s",
            concurrentExecution = io.quarkus.scheduler.Scheduled.ConcurrentExecution.SKIP)
    void migrateOlder() {
        if (current) {
            return;
        }
        try {
            ensureIndex();
            List<String> older = older();
            if (older.isEmpty()) {
                current = true; // on this version's index, or a newer version's: nothing this replica migrates
                return;
            }
            for (String index : older) {
                if (!migration.migrate(alias(), index, versionedIndex())) {
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warnf("migration of %s not done this round: %s", alias(), e.getMessage());
        }
    }

    /** The configured refresh interval as Elasticsearch writes a time value (a typo fails at start-up, not here). */
    private String refreshInterval() {
        return timeValue(config.indexRefreshInterval());
    }

    /** A duration as Elasticsearch writes a time value. */
    private static String timeValue(java.time.Duration duration) {
        return duration.toMillis() + "ms";
    }

    /** The interval this replica put last ({@code null}: none yet, or the last put failed), and when it tried. */
    private volatile String intervalPut;
    private volatile long intervalTriedAt;
    private volatile boolean intervalTried;

    /**
     * The articles index refreshes every {@code backlog-refresh-interval} while ingest-service works through a backlog
     * and every {@code index-refresh-interval} otherwise. Ingest-service's replicas say which with each bulk, from
     * the shared count of waiting articles, so replicas agree; a replica puts the setting when it changes, and again
     * every {@code refresh-interval-reassert} (another replica, or a restart, may have put the other one). A failed
     * put is logged and left: the interval is an optimisation, the bulk goes on.
     */
    public void refreshFor(boolean backlog) {
        String wanted = backlog ? timeValue(config.backlogRefreshInterval()) : refreshInterval();
        long now = System.nanoTime();
        boolean recent = intervalTried && now - intervalTriedAt < config.refreshIntervalReassert().toNanos();
        if (recent && (intervalPut == null || wanted.equals(intervalPut))) {
            return; // put already, or failed a moment ago
        }
        intervalTried = true;
        intervalTriedAt = now;
        try {
            Elastic.run(() -> client.indices().putSettings(b -> b.index(alias())
                    .settings(x -> x.refreshInterval(t -> t.time(wanted)))));
            if (!wanted.equals(intervalPut)) {
                LOG.infof("%s refreshes every %s (%s)", alias(), wanted, backlog ? "ingest has a backlog" : "no backlog");
            }
            intervalPut = wanted;
        } catch (RuntimeException e) {
            // tried again after refresh-interval-reassert, not on every bulk meanwhile
            intervalPut = null;
            LOG.warnf("refresh interval of %s not set to %s: %s", alias(), wanted, e.getMessage());
        }
    }

    private static String resource(String name) {
        try (InputStream in = IndexAdmin.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
