package dev.dragoman.query.service;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.MgetResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.get.GetResult;
import co.elastic.clients.elasticsearch.core.mget.MultiGetResponseItem;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.json.JsonData;
import dev.dragoman.query.config.QueryConfig;
import dev.dragoman.query.repository.ClusterLease;
import dev.dragoman.query.repository.Elastic;
import dev.dragoman.query.repository.StoryMerges;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Moves the articles alias from an index of an older mapping version to the current one while the service keeps
 * serving (Elasticsearch's {@code _reindex} is a module that not every distribution ships, so query-service copies).
 * Readers and writers always see exactly one index behind the alias:
 * <ol>
 * <li>{@link #copy}: every document of the old index is written into the new one, which nobody else writes yet;
 *     writers meanwhile still go to the old index through the alias;</li>
 * <li>{@link #swap}: the alias moves to the new index in one {@code _aliases} call;</li>
 * <li>{@link #catchUp}: what was written to the old index after its copy (re-indexed articles, new ones, story
 *     moves) reaches the new one, where a write since the swap always wins (optimistic concurrency on each
 *     document);</li>
 * <li>{@link #retire}: the old index is deleted.</li>
 * </ol>
 * One replica runs it (a cluster lease, renewed page by page); a replica that dies midway leaves the steps to the
 * next owner, each of them safe to run again.
 */
@ApplicationScoped
public class IndexMigration {

    static final String JOB = "articles-migration";
    private static final int PAGE = 500;
    private static final Logger LOG = Logger.getLogger(IndexMigration.class);

    /** What catching up reads of each document. */
    public record Mark(String id, String storyId, Instant indexedAt) {
    }

    private final ElasticsearchClient client;
    private final ClusterLease lease;
    private final StoryMerges merges;
    private final QueryConfig config;

    public IndexMigration(ElasticsearchClient client, ClusterLease lease, StoryMerges merges, QueryConfig config) {
        this.client = client;
        this.lease = lease;
        this.merges = merges;
        this.config = config;
    }

    /**
     * The whole migration of {@code alias} from {@code from} to {@code to} if this replica holds (and keeps) the
     * migration lease; true when it ran to its end.
     */
    public boolean migrate(String alias, String from, String to) {
        BooleanSupplier owner = () -> lease.acquire(JOB, config.singletonLease());
        if (!owner.getAsBoolean()) {
            return false;
        }
        LOG.infof("migrating %s from %s to %s", alias, from, to);
        long copied = copy(from, to, owner);
        if (copied < 0) {
            return false;
        }
        swap(alias, from, to);
        long caughtUp = catchUp(from, to, owner);
        if (caughtUp < 0) {
            return false;
        }
        retire(from);
        LOG.infof("migrated %s: %d articles copied, %d caught up after the swap; %s deleted", alias, copied, caughtUp,
                from);
        return true;
    }

    /** Writes every document of {@code from} into {@code to}; how many, or -1 when the lease was lost. */
    long copy(String from, String to, BooleanSupplier owner) {
        long[] count = {0};
        boolean whole = walk(from, null, JsonData.class, owner, page -> {
            List<BulkOperation> operations = new ArrayList<>(page.size());
            page.forEach(hit -> operations.add(BulkOperation.of(b -> b.index(i -> i.index(to).id(hit.id())
                    .document(hit.source())))));
            failuresOf(Elastic.call(() -> client.bulk(b -> b.operations(operations))), false);
            count[0] += page.size();
        });
        return whole ? count[0] : -1;
    }

    /** The alias leaves {@code from} for {@code to} (as its write index) in one step; nothing if it did already. */
    void swap(String alias, String from, String to) {
        Elastic.run(() -> {
            if (!client.indices().exists(e -> e.index(from)).value()) {
                return;
            }
            client.indices().updateAliases(u -> u
                    .actions(a -> a.add(x -> x.index(to).alias(alias).isWriteIndex(true)))
                    .actions(a -> a.remove(x -> x.index(from).alias(alias).mustExist(false))));
        });
    }

    /**
     * Brings into {@code to} what {@code from} received after it was copied: documents missing in {@code to} are
     * created, documents indexed again in {@code from} since replace theirs unless {@code to} has a newer indexing,
     * and every document carries the surviving id of its story (a story move may have reached either index). Every write is conditional on the document of
     * {@code to} not having changed meanwhile. How many documents were brought over, or -1 when the lease was lost.
     */
    long catchUp(String from, String to, BooleanSupplier owner) {
        long[] count = {0};
        if (!Elastic.call(() -> client.indices().exists(e -> e.index(from)).value())) {
            return 0;
        }
        Elastic.run(() -> client.indices().refresh(r -> r.index(from)));
        boolean whole = walk(from, List.of("id", "storyId", "indexedAt"), Mark.class, owner, page -> {
            List<String> ids = page.stream().map(Hit::id).toList();
            MgetResponse<Mark> current = Elastic.call(() -> client.mget(m -> m.index(to).ids(ids)
                    .sourceIncludes("id", "storyId", "indexedAt"), Mark.class));
            Map<String, GetResult<Mark>> there = new HashMap<>();
            for (MultiGetResponseItem<Mark> item : current.docs()) {
                if (item.isResult() && item.result().found()) {
                    there.put(item.result().id(), item.result());
                }
            }
            // every member carries its story's surviving id (a move may have reached either index, or neither yet)
            Set<String> stories = new HashSet<>();
            page.forEach(hit -> stories.add(hit.source().storyId()));
            there.values().forEach(doc -> stories.add(doc.source().storyId()));
            stories.remove(null);
            Map<String, String> resolved = merges.resolve(stories);
            List<String> wanted = new ArrayList<>();
            List<BulkOperation> operations = new ArrayList<>();
            for (Hit<Mark> hit : page) {
                GetResult<Mark> target = there.get(hit.id());
                if (target == null || later(hit.source(), target.source())) {
                    wanted.add(hit.id());
                    continue;
                }
                String story = target.source().storyId();
                String now = story == null ? null : resolved.get(story);
                if (now != null && !now.equals(story)) {
                    operations.add(BulkOperation.of(b -> b.update(u -> u.index(to).id(hit.id())
                            .ifSeqNo(target.seqNo()).ifPrimaryTerm(target.primaryTerm())
                            .action(a -> a.doc(Map.of("storyId", now))))));
                }
            }
            if (!wanted.isEmpty()) {
                MgetResponse<Map> full = Elastic.call(() -> client.mget(m -> m.index(from).ids(wanted), Map.class));
                for (MultiGetResponseItem<Map> item : full.docs()) {
                    if (!item.isResult() || !item.result().found()) {
                        continue;
                    }
                    GetResult<Map> doc = item.result();
                    @SuppressWarnings("unchecked")
                    Map<String, Object> source = doc.source();
                    Object story = source.get("storyId");
                    if (story instanceof String id && resolved.containsKey(id)) {
                        source.put("storyId", resolved.get(id));
                    }
                    GetResult<Mark> target = there.get(doc.id());
                    operations.add(target == null
                            ? BulkOperation.of(b -> b.create(c -> c.index(to).id(doc.id()).document(source)))
                            : BulkOperation.of(b -> b.index(i -> i.index(to).id(doc.id()).document(source)
                                    .ifSeqNo(target.seqNo()).ifPrimaryTerm(target.primaryTerm()))));
                }
            }
            if (!operations.isEmpty()) {
                count[0] += operations.size() - failuresOf(Elastic.call(() -> client.bulk(b -> b
                        .operations(operations))), true);
            }
        });
        return whole ? count[0] : -1;
    }

    /** Deletes the old index once the alias has left it. */
    void retire(String from) {
        Elastic.run(() -> {
            try {
                client.indices().delete(d -> d.index(from));
            } catch (ElasticsearchException e) {
                if (e.status() != 404) {
                    throw e;
                }
            }
        });
    }

    /** Pages of an index's documents in id order (with only {@code fields} of their source, if given). */
    private <T> boolean walk(String index, List<String> fields, Class<T> type, BooleanSupplier owner,
                             Consumer<List<Hit<T>>> page) {
        return Elastic.walk(client, index, null, fields, type, PAGE, hits -> {
            if (!owner.getAsBoolean()) {
                LOG.infof("migration lease lost while reading %s: another replica goes on", index);
                return false;
            }
            page.accept(hits);
            return true;
        });
    }

    /**
     * The failed items of a bulk; conflicts (a document that changed since it was read, or that exists already) are
     * expected when {@code conflictsExpected} and only counted, any other failure stops the step.
     */
    private static int failuresOf(BulkResponse response, boolean conflictsExpected) {
        int failed = 0;
        for (var item : response.items()) {
            if (item.error() == null) {
                continue;
            }
            failed++;
            if (!(conflictsExpected && item.status() == 409)) {
                throw new IllegalStateException("copying article " + item.id() + " failed: " + item.error().reason());
            }
        }
        return failed;
    }

    private static boolean later(Mark old, Mark current) {
        return old.indexedAt() != null && (current.indexedAt() == null || old.indexedAt().isAfter(current.indexedAt()));
    }

    private static boolean same(String a, String b) {
        return a == null ? b == null : a.equals(b);
    }
}
