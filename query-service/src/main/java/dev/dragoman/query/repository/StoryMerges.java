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

    /**
     * Story ids as they are now ({@code current}), and the ids of any cycle met on the way mapped to the id that
     * ends it ({@code cycles}): their members may carry either id, since the two merges moved them opposite ways.
     */
    public record Resolution(Map<String, String> current, Map<String, String> cycles, Map<String, long[]> versions) {
    }

    /** Each of these story ids as it is now: {@link #resolveAll}'s current ids. */
    public Map<String, String> resolve(Collection<String> storyIds) {
        return resolveAll(storyIds).current();
    }

    /**
     * Each of these story ids as it is now: itself if it never merged, else the end of its chain of merges. Two
     * placements running at once can record opposite merges (A into B, B into A); a chain that comes back to an id it
     * passed ends at the smallest id of that cycle, so every reader resolves both to the same story.
     */
    public Resolution resolveAll(Collection<String> storyIds) {
        Map<String, String> current = new HashMap<>();
        Map<String, String> cycles = new HashMap<>();
        storyIds.forEach(id -> current.put(id, id));
        if (storyIds.isEmpty()) {
            return new Resolution(current, cycles, Map.of());
        }
        ensureIndex();
        // each id still moving -> the ids its chain has passed, in order
        Map<String, List<String>> moving = new HashMap<>();
        Map<String, long[]> versions = new HashMap<>();
        storyIds.forEach(id -> moving.put(id, new ArrayList<>(List.of(id))));
        for (int hop = 0; hop < MAX_HOPS && !moving.isEmpty(); hop++) {
            Set<String> open = new HashSet<>(current.size());
            moving.keySet().forEach(id -> open.add(current.get(id)));
            Map<String, String> next = lookUp(open, versions);
            for (var it = moving.entrySet().iterator(); it.hasNext(); ) {
                var entry = it.next();
                String at = current.get(entry.getKey());
                String moved = next.get(at);
                List<String> path = entry.getValue();
                if (moved == null || moved.equals(at)) {
                    it.remove();
                } else if (path.contains(moved)) {
                    List<String> cycle = path.subList(path.indexOf(moved), path.size());
                    String end = java.util.Collections.min(cycle);
                    current.put(entry.getKey(), end);
                    cycle.stream().filter(id -> !id.equals(end)).forEach(id -> cycles.put(id, end));
                    it.remove();
                } else {
                    current.put(entry.getKey(), moved);
                    path.add(moved);
                }
            }
        }
        return new Resolution(current, cycles, versions);
    }

    /**
     * Once the members of a resolution's cycles have moved to the id that ends each cycle, that id stops pointing into
     * the cycle (unless it merged elsewhere meanwhile: the delete is conditional), so that the cycle is met no more.
     */
    public void cut(Resolution resolution) {
        for (String end : new HashSet<>(resolution.cycles().values())) {
            long[] version = resolution.versions().get(end);
            if (version != null) {
                try {
                    client.delete(d -> d.index(index).id(end).ifSeqNo(version[0]).ifPrimaryTerm(version[1]));
                } catch (co.elastic.clients.elasticsearch._types.ElasticsearchException | java.io.IOException e) {
                    // changed meanwhile (a newer merge of that story) or unreachable: the cycle is met again later
                }
            }
        }
    }

    /** The merge records of these ids (id -> survivor), with their versions ([seqNo, primaryTerm]) into versions. */
    private Map<String, String> lookUp(Set<String> ids, Map<String, long[]> versions) {
        MgetResponse<Merge> response = Elastic.call(() -> client.mget(m -> m.index(index).ids(List.copyOf(ids)),
                Merge.class));
        Map<String, String> found = new HashMap<>();
        for (MultiGetResponseItem<Merge> item : response.docs()) {
            if (item.isResult() && item.result().found() && item.result().source() != null) {
                found.put(item.result().id(), item.result().source().survivor());
                if (item.result().seqNo() != null && item.result().primaryTerm() != null) {
                    versions.put(item.result().id(), new long[] {item.result().seqNo(), item.result().primaryTerm()});
                }
            }
        }
        return found;
    }

    private void ensureIndex() {
        own.ensure();
    }
}
