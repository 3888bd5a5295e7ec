package dev.dragoman.ingest.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class ArticleRepository implements PanacheRepositoryBase<Article, UUID> {

    public Optional<Article> findByContentHash(String hash) {
        return find("contentHash", hash).firstResultOptional();
    }

    /**
     * Claims up to {@code limit} due, unfinished articles for this worker until {@code leaseUntil}. Rows locked by
     * another replica are skipped, so each article is processed by one worker at a time. Call in a transaction.
     */
    @SuppressWarnings("unchecked")
    public List<UUID> claimDue(int limit, Instant leaseUntil) {
        List<UUID> ids = getEntityManager().createNativeQuery("""
                        SELECT id FROM article
                        WHERE status IN ('RECEIVED', 'TAGGED') AND next_attempt_at <= now()
                          AND (lease_until IS NULL OR lease_until < now())
                        ORDER BY next_attempt_at
                        LIMIT :limit
                        FOR UPDATE SKIP LOCKED""", UUID.class)
                .setParameter("limit", limit)
                .getResultList();
        if (!ids.isEmpty()) {
            update("leaseUntil = ?1 where id in ?2", leaseUntil, ids);
        }
        return ids;
    }

    /** Articles per status, read in one statement so the numbers add up. */
    public java.util.Map<ArticleStatus, Long> countByStatus() {
        java.util.Map<ArticleStatus, Long> counts = new java.util.EnumMap<>(ArticleStatus.class);
        for (ArticleStatus status : ArticleStatus.values()) {
            counts.put(status, 0L);
        }
        getEntityManager().createQuery("select a.status, count(a) from Article a group by a.status", Object[].class)
                .getResultList()
                .forEach(row -> counts.put((ArticleStatus) row[0], (Long) row[1]));
        return counts;
    }
}
