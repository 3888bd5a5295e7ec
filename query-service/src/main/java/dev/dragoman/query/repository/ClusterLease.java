package dev.dragoman.query.repository;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.OpType;
import co.elastic.clients.elasticsearch.core.GetResponse;
import dev.dragoman.query.config.QueryConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.UUID;

/**
 * One owner across replicas for singleton work (alert delivery, story reconciliation): a lease document per job in
 * {prefix}-leases, taken and renewed with Elasticsearch's optimistic concurrency control (create-if-absent, then
 * if_seq_no / if_primary_term), so of two replicas racing for a job exactly one wins. The holder renews at each run;
 * when it stops, another replica takes the job over once the lease has run out. Elasticsearch is the one store every
 * query-service replica already shares, so no further backend is needed for this.
 */
@ApplicationScoped
public class ClusterLease {

    private static final Logger LOG = Logger.getLogger(ClusterLease.class);
    private static final String MAPPING = "{\"dynamic\":false,\"properties\":{\"owner\":{\"type\":\"keyword\"},"
            + "\"until\":{\"type\":\"long\"}}}";

    /** The stored lease: who holds the job, and until when (epoch milliseconds). */
    public record Lease(String owner, long until) {
    }

    private final ElasticsearchClient client;
    private final String index;
    private final String me = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID();
    private final OwnIndex own;

    public ClusterLease(ElasticsearchClient client, QueryConfig config) {
        this.client = client;
        this.index = config.indexPrefix() + "-leases";
        this.own = new OwnIndex(client, index, MAPPING);
    }

    /** This replica's name in leases. */
    public String owner() {
        return me;
    }

    /**
     * Takes or renews the lease of {@code job} for {@code ttl}; true when this replica holds it now. Any failure
     * (Elasticsearch away, a lost race) is a no: singleton work is skipped rather than done twice.
     */
    public boolean acquire(String job, Duration ttl) {
        try {
            ensureIndex();
            long now = System.currentTimeMillis();
            Lease mine = new Lease(me, now + ttl.toMillis());
            GetResponse<Lease> current = client.get(g -> g.index(index).id(job), Lease.class);
            if (!current.found()) {
                client.index(i -> i.index(index).id(job).opType(OpType.Create).document(mine));
                return true;
            }
            Lease lease = current.source();
            if (lease != null && !me.equals(lease.owner()) && lease.until() > now) {
                return false;
            }
            client.index(i -> i.index(index).id(job).ifSeqNo(current.seqNo()).ifPrimaryTerm(current.primaryTerm())
                    .document(mine));
            return true;
        } catch (ElasticsearchException e) {
            if (e.status() != 409) {
                LOG.debugf("lease %s not taken: %s", job, e.getMessage());
            }
            return false;
        } catch (IOException | RuntimeException e) {
            LOG.debugf("lease %s not taken: %s", job, e.getMessage());
            return false;
        }
    }

    /** Gives the lease back (on shutdown), so another replica takes the job at once. */
    public void release(String job) {
        try {
            GetResponse<Lease> current = client.get(g -> g.index(index).id(job), Lease.class);
            if (current.found() && current.source() != null && me.equals(current.source().owner())) {
                client.delete(d -> d.index(index).id(job).ifSeqNo(current.seqNo()).ifPrimaryTerm(current.primaryTerm()));
            }
        } catch (IOException | RuntimeException e) {
            LOG.debugf("lease %s not given back (it runs out): %s", job, e.getMessage());
        }
    }

    private void ensureIndex() {
        own.ensure();
    }
}
