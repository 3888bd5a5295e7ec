package dev.dragoman.query.repository;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;

import java.io.IOException;
import java.io.StringReader;

/** The small single-shard indices of query-service's own state (leases, saved searches, alert deliveries). */
public final class SmallIndex {

    private SmallIndex() {
    }

    /** Creates the index with its mapping unless it exists; of replicas racing to create it, all succeed. */
    public static void createIfAbsent(ElasticsearchClient client, String index, String mapping) throws IOException {
        if (client.indices().exists(e -> e.index(index)).value()) {
            return;
        }
        try {
            client.indices().create(c -> c.index(index).settings(s -> s.numberOfShards("1"))
                    .mappings(m -> m.withJson(new StringReader(mapping))));
        } catch (ElasticsearchException e) {
            if (!"resource_already_exists_exception".equals(e.error().type())) {
                throw e;
            }
        }
    }
}
