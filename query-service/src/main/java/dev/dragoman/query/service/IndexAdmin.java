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

/**
 * Owns the articles index: an index template for {prefix}-articles-v*, a versioned index, and the alias
 * {prefix}-articles that every read and write goes through (so a re-index to v2 can swap the alias).
 * Created at start-up; if Elasticsearch is not up yet, created on first use.
 */
@ApplicationScoped
public class IndexAdmin {

    /** Bump when the mapping changes incompatibly; a new index is then created behind the alias. */
    public static final int MAPPING_VERSION = 1;
    private static final Logger LOG = Logger.getLogger(IndexAdmin.class);

    private final ElasticsearchClient client;
    private final QueryConfig config;
    private volatile boolean ready;

    public IndexAdmin(ElasticsearchClient client, QueryConfig config) {
        this.client = client;
        this.config = config;
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
                if (!client.indices().existsAlias(b -> b.name(alias())).value()) {
                    try {
                        client.indices().create(b -> b.index(versionedIndex())
                                .aliases(alias(), a -> a.isWriteIndex(true)));
                        LOG.infof("created index %s behind alias %s", versionedIndex(), alias());
                    } catch (ElasticsearchException e) {
                        if (!"resource_already_exists_exception".equals(e.error().type())) {
                            throw e;
                        }
                    }
                }
                // replicas and the refresh interval can change on a live index: an operator scaling Elasticsearch out
                // raises the replicas here
                client.indices().putSettings(b -> b.index(alias())
                        .settings(x -> x.numberOfReplicas(String.valueOf(config.indexReplicas()))
                                .refreshInterval(t -> t.time(refreshInterval()))));
                // fields added to the mapping since the live index was created (quotes.sourceId) reach it too;
                // changed fields would be refused here: those need a new MAPPING_VERSION
                String mappings = new com.fasterxml.jackson.databind.ObjectMapper().readTree(template).get("mappings")
                        .toString();
                client.indices().putMapping(b -> b.index(alias()).withJson(new StringReader(mappings)));
                ready = true;
            });
        }
    }

    /** The configured refresh interval as Elasticsearch writes a time value (a typo fails at start-up, not here). */
    private String refreshInterval() {
        return config.indexRefreshInterval().toMillis() + "ms";
    }

    private static String resource(String name) {
        try (InputStream in = IndexAdmin.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
