package dev.dragoman.query.repository;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch.core.MgetResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.mget.MultiGetResponseItem;
import dev.dragoman.query.config.QueryConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which articles each saved search's webhook has already received: one document per (saved search, article) in
 * {prefix}-alert-deliveries. Alert rounds look back past their watermark (an article stamped before it may become
 * visible only after it, and an article indexed again gets a new stamp), so what was delivered must be remembered by
 * article, not only by time: each article reaches a webhook once. Reads are real-time gets, not searches, so a
 * record is seen by the next round whichever replica runs it.
 */
@ApplicationScoped
public class AlertDeliveries {

    private static final String MAPPING = "{\"dynamic\":false,\"properties\":{\"savedSearch\":{\"type\":\"keyword\"},"
            + "\"at\":{\"type\":\"date\"}}}";

    private final ElasticsearchClient client;
    private final String index;
    private volatile boolean ready;

    public AlertDeliveries(ElasticsearchClient client, QueryConfig config) {
        this.client = client;
        this.index = config.indexPrefix() + "-alert-deliveries";
    }

    /** Of {@code articleIds}, those already delivered for the saved search. */
    public Set<String> delivered(String savedSearch, Collection<String> articleIds) {
        if (articleIds.isEmpty()) {
            return Set.of();
        }
        try {
            ensureIndex();
            List<String> ids = articleIds.stream().map(id -> key(savedSearch, id)).toList();
            MgetResponse<Map> response = client.mget(m -> m.index(index).ids(ids).sourceExcludes("*"), Map.class);
            Set<String> delivered = new HashSet<>();
            for (MultiGetResponseItem<Map> item : response.docs()) {
                if (item.isResult() && item.result().found()) {
                    delivered.add(item.result().id().substring(savedSearch.length() + 1));
                } else if (item.isFailure()) {
                    throw new IllegalStateException("delivery records not readable: " + item.failure().error().reason());
                }
            }
            return delivered;
        } catch (IOException e) {
            throw new UncheckedIOException("Elasticsearch unreachable: " + e.getMessage(), e);
        }
    }

    /** Remembers that the webhook accepted these articles (a record that exists already is left as it is). */
    public void record(String savedSearch, Collection<String> articleIds) {
        if (articleIds.isEmpty()) {
            return;
        }
        String at = Instant.now().toString();
        List<BulkOperation> operations = articleIds.stream().map(id -> BulkOperation.of(b -> b.create(c -> c
                .index(index).id(key(savedSearch, id)).document(Map.of("savedSearch", savedSearch, "at", at)))))
                .toList();
        try {
            ensureIndex();
            var response = client.bulk(b -> b.operations(operations));
            var failed = response.items().stream().filter(i -> i.error() != null && i.status() != 409).toList();
            if (!failed.isEmpty()) {
                throw new IllegalStateException("delivery records not written: " + failed.get(0).error().reason());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Elasticsearch unreachable: " + e.getMessage(), e);
        }
    }

    private static String key(String savedSearch, String articleId) {
        return savedSearch + ":" + articleId;
    }

    private void ensureIndex() throws IOException {
        if (ready) {
            return;
        }
        SmallIndex.createIfAbsent(client, index, MAPPING);
        ready = true;
    }
}
