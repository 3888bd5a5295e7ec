package dev.dragoman.ingest.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Sources, their claims (as for articles: SKIP LOCKED, lease, fencing token) and the items they led to. */
@ApplicationScoped
public class SourceRepository implements PanacheRepositoryBase<Source, UUID> {

    /** A claimed source: its id and the fencing token of this claim. */
    public record Claim(UUID id, long token) {
    }

    /** What one fetch of a claimed source found, written only if the claim still holds. */
    public record Outcome(Integer status, String error, boolean failed, String etag, String lastModified,
                          long itemsSeen, long articlesAccepted, Instant nextFetchAt) {
    }

    /**
     * Claims up to {@code limit} due, unpaused sources until {@code leaseUntil}, each with a new fencing token; rows
     * locked by another replica are skipped, so each source is fetched by one replica at a time. Call in a
     * transaction.
     */
    @SuppressWarnings("unchecked")
    public List<Claim> claimDue(int limit, Instant leaseUntil) {
        List<Object[]> rows = getEntityManager().createNativeQuery("""
                        WITH due AS (
                          SELECT id FROM source
                          WHERE NOT paused AND next_fetch_at <= now() AND (lease_until IS NULL OR lease_until < now())
                          ORDER BY next_fetch_at
                          LIMIT :limit
                          FOR UPDATE SKIP LOCKED)
                        UPDATE source s SET lease_until = :until, lease_token = nextval('source_lease_token_seq')
                        FROM due WHERE s.id = due.id
                        RETURNING s.id, s.lease_token""", Object[].class)
                .setParameter("limit", limit).setParameter("until", leaseUntil).getResultList();
        return rows.stream().map(r -> new Claim((UUID) r[0], ((Number) r[1]).longValue())).toList();
    }

    /**
     * Records a fetch and gives the claim back, only if this claim still holds the source (a replica whose lease ran
     * out writes nothing); returns whether it did. Counters add up; the schedule moves on. Call in a transaction.
     */
    public boolean finish(Claim claim, Outcome outcome) {
        return getEntityManager().createNativeQuery("""
                        UPDATE source SET last_fetch_at = now(), fetches = fetches + 1, last_status = :status,
                          last_error = :error,
                          last_success_at = CASE WHEN :failed THEN last_success_at ELSE now() END,
                          consecutive_failures = CASE WHEN :failed THEN consecutive_failures + 1 ELSE 0 END,
                          etag = COALESCE(:etag, etag), last_modified = COALESCE(:lastModified, last_modified),
                          items_seen = items_seen + :seen, articles_accepted = articles_accepted + :accepted,
                          next_fetch_at = :next, lease_until = NULL, lease_token = NULL, version = version + 1
                        WHERE id = :id AND lease_token = :token""")
                .setParameter("status", outcome.status()).setParameter("error", outcome.error())
                .setParameter("failed", outcome.failed()).setParameter("etag", outcome.etag())
                .setParameter("lastModified", outcome.lastModified()).setParameter("seen", outcome.itemsSeen())
                .setParameter("accepted", outcome.articlesAccepted()).setParameter("next", outcome.nextFetchAt())
                .setParameter("id", claim.id()).setParameter("token", claim.token()).executeUpdate() == 1;
    }

    /**
     * Gives a claim back without a fetch (the host's turn had not come): the source is due again at {@code next},
     * nothing is counted; only while this claim still holds. Call in a transaction.
     */
    public boolean postpone(Claim claim, Instant next) {
        return getEntityManager().createNativeQuery("""
                        UPDATE source SET next_fetch_at = :next, lease_until = NULL, lease_token = NULL,
                          version = version + 1
                        WHERE id = :id AND lease_token = :token""")
                .setParameter("next", next).setParameter("id", claim.id()).setParameter("token", claim.token())
                .executeUpdate() == 1;
    }

    /** Gives back leases (a stopping replica): the sources are due again for any replica. */
    public int release(Collection<Long> tokens) {
        if (tokens.isEmpty()) {
            return 0;
        }
        return getEntityManager().createNativeQuery(
                        "UPDATE source SET lease_until = NULL, lease_token = NULL WHERE lease_token IN (:tokens)")
                .setParameter("tokens", tokens).executeUpdate();
    }

    /** A page a source led to before: whether it is done with, and its validators for a conditional re-fetch. */
    public record Item(UUID articleId, boolean done, String etag, String lastModified) {
    }

    public Optional<Item> item(UUID sourceId, String url) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = getEntityManager().createNativeQuery("""
                        SELECT article_id, done, etag, last_modified FROM source_item
                        WHERE source_id = :source AND url = :url""", Object[].class)
                .setParameter("source", sourceId).setParameter("url", url).getResultList();
        return rows.stream().findFirst().map(r -> new Item((UUID) r[0], (Boolean) r[1], (String) r[2], (String) r[3]));
    }

    /** Records what became of an item: its article (when stored or found), or why not; done items are not retried. */
    public void recordItem(UUID sourceId, String url, UUID articleId, boolean done, String etag, String lastModified,
                           String error) {
        getEntityManager().createNativeQuery("""
                        INSERT INTO source_item (source_id, url, article_id, done, etag, last_modified, first_seen_at,
                          fetched_at, last_error)
                        VALUES (:source, :url, :article, :done, :etag, :lastModified, now(), now(), :error)
                        ON CONFLICT (source_id, url) DO UPDATE SET article_id = COALESCE(EXCLUDED.article_id,
                          source_item.article_id), done = EXCLUDED.done, etag = COALESCE(EXCLUDED.etag, source_item.etag),
                          last_modified = COALESCE(EXCLUDED.last_modified, source_item.last_modified),
                          fetched_at = now(), last_error = EXCLUDED.last_error""")
                .setParameter("source", sourceId).setParameter("url", url).setParameter("article", articleId)
                .setParameter("done", done).setParameter("etag", etag).setParameter("lastModified", lastModified)
                .setParameter("error", error).executeUpdate();
    }

    /** Average seconds from publication to INDEXED of a source's articles (dates given, not estimated). */
    public Double averageDelaySeconds(UUID sourceId) {
        Object value = getEntityManager().createNativeQuery("""
                        SELECT avg(extract(epoch FROM indexed_at - published_at)) FROM article
                        WHERE source_id = :source AND indexed_at IS NOT NULL AND published_at IS NOT NULL
                          AND NOT published_at_estimated""")
                .setParameter("source", sourceId).getSingleResult();
        return value == null ? null : ((Number) value).doubleValue();
    }
}
