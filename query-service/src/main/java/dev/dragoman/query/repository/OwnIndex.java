package dev.dragoman.query.repository;

import co.elastic.clients.elasticsearch.ElasticsearchClient;

/**
 * A small index of the service's own (saved searches, leases, alert deliveries, story merges): {prefix}-{suffix},
 * created with its mapping on first use unless it exists (a replica racing another to create it is fine).
 */
public final class OwnIndex {

    private final ElasticsearchClient client;
    private final String name;
    private final String mapping;
    private volatile boolean ready;

    public OwnIndex(ElasticsearchClient client, String name, String mapping) {
        this.client = client;
        this.name = name;
        this.mapping = mapping;
    }

    public String name() {
        return name;
    }

    /** Creates the index unless this replica saw it already; its name. */
    public String ensure() {
        if (!ready) {
            Elastic.run(() -> Elastic.createIfMissing(client, name, mapping));
            ready = true;
        }
        return name;
    }
}
