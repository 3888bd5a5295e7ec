package dev.dragoman.query.repository;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.MgetResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.mget.MultiGetResponseItem;
import dev.dragoman.query.config.QueryConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where each retired story id went: one document per merged-away story ({prefix}-story-merges, id = the old story id,
 * survivor = the id it became). Read by id, which Elasticsearch answers in real time, so that placing articles
 * never depends on a refresh: a search may still show members of a merged story under its old id for a moment, and
 * that old id is followed here to the story that absorbed it. The same records let an old story id keep resolving.
 */
@ApplicationScoped
public class StoryMerges {

    /** Chains longer than this are cut (each hop is one merge that happened after the one before). */
    static final int MAX_HOPS = 16;
    private static final String MAPPING = "{\"dynamic\":false,\"properties\":{\"survivor\":{\"type\":\"keyword\"}}}";

    /** The stored record. */
    public record Merge(String survivor) {
    }

    private final ElasticsearchClient client;
    private final String index;
    private final OwnIndex own;

    public StoryMerges(ElasticsearchClient client, QueryConfig config) {
        this.client = client;
        this.index = config.indexPrefix() + "-story-merges";
        this.own = new OwnIndex(client, index, MAPPING);
    }

    /** Records retired story id -> surviving id (before the members move, so a reader never loses the way). */
    public void record(Map<String, String> retired) {
        if (retired.isEmpty()) {
            return;
        }
        ensureIndex();
        List<BulkOperation> operations = new ArrayList<>(retired.size());
        retired.forEach((old, survivor) -> operations.add(BulkOperation.of(b -> b
                .index(i -> i.index(index).id(old).document(new Merge(survivor))))));
        Elastic.call(() -> client.bulk(b -> b.operations(operations)));
    }

    /** Each of these story ids as it is now: itself if it never merged, else the end of its chain of merges. */
    public Map<String, String> resolve(Collection<String> storyIds) {
        Map<String, String> current = new HashMap<>();
        storyIds.forEach(id -> current.put(id, id));
        if (storyIds.isEmpty()) {
            return current;
        }
        ensureIndex();
        Set<String> open = new HashSet<>(storyIds);
        for (int hop = 0; hop < MAX_HOPS && !open.isEmpty(); hop++) {
            Map<String, String> next = lookUp(open);
            open = new HashSet<>();
            for (Map.Entry<String, String> entry : current.entrySet()) {
                String moved = next.get(entry.getValue());
                if (moved != null && !moved.equals(entry.getValue())) {
                    entry.setValue(moved);
                    open.add(moved);
                }
            }
        }
        return current;
    }

    private Map<String, String> lookUp(Set<String> ids) {
        MgetResponse<Merge> response = Elastic.call(() -> client.mget(m -> m.index(index).ids(List.copyOf(ids)),
                Merge.class));
        Map<String, String> found = new HashMap<>();
        for (MultiGetResponseItem<Merge> item : response.docs()) {
            if (item.isResult() && item.result().found() && item.result().source() != null) {
                found.put(item.result().id(), item.result().source().survivor());
            }
        }
        return found;
    }

    private void ensureIndex() {
        own.ensure();
    }
}
