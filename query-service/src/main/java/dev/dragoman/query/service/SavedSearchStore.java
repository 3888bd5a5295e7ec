package dev.dragoman.query.service;

import dev.dragoman.query.repository.Elastic;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch.core.search.Hit;
import dev.dragoman.query.config.QueryConfig;
import dev.dragoman.query.model.SavedSearch;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;

/** Saved searches live in Elasticsearch too ({prefix}-saved-searches), next to the articles they watch. */
@ApplicationScoped
public class SavedSearchStore {

    private static final String MAPPING = "{\"dynamic\":false,\"properties\":{\"id\":{\"type\":\"keyword\"},"
            + "\"name\":{\"type\":\"keyword\"},\"webhook\":{\"type\":\"keyword\"},\"createdAt\":{\"type\":\"date\"}}}";
    private static final int MAX_SAVED = 10_000;

    private final ElasticsearchClient client;
    private final String index;
    private final dev.dragoman.query.repository.OwnIndex own;

    public SavedSearchStore(ElasticsearchClient client, QueryConfig config) {
        this.client = client;
        this.index = config.indexPrefix() + "-saved-searches";
        this.own = new dev.dragoman.query.repository.OwnIndex(client, index, MAPPING);
    }

    private void ensureIndex() {
        own.ensure();
    }

    public void save(SavedSearch search) {
        ensureIndex();
        Elastic.call(() -> client.index(i -> i.index(index).id(search.id()).document(search).refresh(Refresh.WaitFor)));
    }

    /**
     * Records a saved search's new delivery state, unless it was deleted meanwhile: an update, unlike an index
     * request, never brings a deleted document back.
     */
    public void updateIfPresent(SavedSearch search) {
        try {
            ensureIndex();
            // the delivery fields only, nulls included, so that a cleared error is cleared in the stored document too
            java.util.Map<String, Object> state = new java.util.HashMap<>();
            state.put("deliveredUpTo", search.deliveredUpTo() == null ? null : search.deliveredUpTo().toString());
            state.put("lastDeliveryAt", search.lastDeliveryAt() == null ? null : search.lastDeliveryAt().toString());
            state.put("lastDeliveryError", search.lastDeliveryError());
            Elastic.call(() -> client.update(u -> u.index(index).id(search.id()).doc(state).refresh(Refresh.WaitFor),
                    SavedSearch.class));
        } catch (ElasticsearchException e) {
            if (e.status() != 404) {
                throw e;
            }
        }
    }

    public Optional<SavedSearch> find(String id) {
        ensureIndex();
        var response = Elastic.call(() -> client.get(g -> g.index(index).id(id), SavedSearch.class));
        return response.found() ? Optional.of(response.source()) : Optional.empty();
    }

    public List<SavedSearch> all() {
        ensureIndex();
        return Elastic.call(() -> client.search(s -> s.index(index).size(MAX_SAVED)
                        .sort(o -> o.field(f -> f.field("createdAt"))), SavedSearch.class))
                .hits().hits().stream().map(Hit::source).toList();
    }

    public boolean delete(String id) {
        ensureIndex();
        return Elastic.call(() -> client.delete(d -> d.index(index).id(id).refresh(Refresh.WaitFor))).result()
                .jsonValue().equals("deleted");
    }
}
