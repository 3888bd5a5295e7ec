package dev.dragoman.query.repository;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.MgetResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import dev.dragoman.query.config.QueryConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which article each saved search has delivered ({prefix}-alert-deliveries, one document per search and article):
 * alert rounds read their matches over an overlapping window and send only what is not recorded here, so an article
 * is delivered once however often windows overlap, whichever replica delivers, and whatever the indexing replicas'
 * clocks said within the overlap.
 */
@ApplicationScoped
public class AlertDeliveries {

    private static final String MAPPING = "{\"dynamic\":false,\"properties\":{\"searchId\":{\"type\":\"keyword\"},"
            + "\"articleId\":{\"type\":\"keyword\"},\"at\":{\"type\":\"date\"}}}";

    /** The stored record. */
    public record Delivery(String searchId, String articleId, Instant at) {
    }

    private final ElasticsearchClient client;
    private final String index;
    private final OwnIndex own;

    public AlertDeliveries(ElasticsearchClient client, QueryConfig config) {
        this.client = client;
        this.index = config.indexPrefix() + "-alert-deliveries";
        this.own = new OwnIndex(client, index, MAPPING);
    }

    /** The articles among {@code articleIds} that the saved search has not delivered yet, in their order. */
    public List<String> notDelivered(String searchId, List<String> articleIds) {
        if (articleIds.isEmpty()) {
            return List.of();
        }
        ensureIndex();
        List<String> ids = articleIds.stream().map(a -> id(searchId, a)).toList();
        MgetResponse<Delivery> found = Elastic.call(() -> client.mget(m -> m.index(index).ids(ids), Delivery.class));
        Set<String> delivered = new LinkedHashSet<>();
        found.docs().forEach(doc -> {
            if (doc.isResult() && doc.result().found() && doc.result().source() != null) {
                delivered.add(doc.result().source().articleId());
            }
        });
        return articleIds.stream().filter(a -> !delivered.contains(a)).toList();
    }

    /** Records the articles as delivered to the saved search (after the webhook accepted them). */
    public void record(String searchId, Collection<String> articleIds) {
        if (articleIds.isEmpty()) {
            return;
        }
        ensureIndex();
        Instant now = Instant.now();
        List<BulkOperation> operations = new ArrayList<>();
        for (String articleId : articleIds) {
            Delivery delivery = new Delivery(searchId, articleId, now);
            operations.add(BulkOperation.of(b -> b.index(i -> i.index(index).id(id(searchId, articleId)).document(delivery))));
        }
        Elastic.call(() -> client.bulk(b -> b.operations(operations)));
    }

    private static String id(String searchId, String articleId) {
        return searchId + "/" + articleId;
    }

    private void ensureIndex() {
        own.ensure();
    }
}
