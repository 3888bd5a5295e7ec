package dev.dragoman.ingest.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

@ApplicationScoped
public class ArticleRepository implements PanacheRepositoryBase<Article, UUID> {

    /** A claimed article: its id and the fencing token of this claim. */
    public record Claim(UUID id, long token) {
    }

    public Optional<Article> findByContentHash(String hash) {
        return find("contentHash", hash).firstResultOptional();
    }

    /**
     * Claims up to {@code limit} due, unfinished articles until {@code leaseUntil}, each with a new fencing token.
     * Rows locked by another replica are skipped, so each article is claimed by one worker at a time; a worker whose
     * lease ran out loses every later transition to the token of whoever claimed the article after it. Call in a
     * transaction.
     */
    @SuppressWarnings("unchecked")
    public List<Claim> claimDue(int limit, Instant leaseUntil) {
        List<Object[]> rows = getEntityManager().createNativeQuery("""
                        WITH due AS (
                          SELECT id FROM article
                          WHERE status IN ('RECEIVED', 'TAGGED') AND next_attempt_at <= now()
                            AND (lease_until IS NULL OR lease_until < now())
                          ORDER BY next_attempt_at
                          LIMIT :limit
                          FOR UPDATE SKIP LOCKED)
                        UPDATE article a SET lease_until = :until, lease_token = nextval('article_lease_token_seq')
                        FROM due WHERE a.id = due.id
                        RETURNING a.id, a.lease_token""", Object[].class)
                .setParameter("limit", limit)
                .setParameter("until", leaseUntil)
                .getResultList();
        return rows.stream().map(r -> new Claim((UUID) r[0], ((Number) r[1]).longValue())).toList();
    }

    /**
     * The rows of the given lease tokens, locked in id order. Every statement here that waits for row locks on several
     * articles (renewing, giving back, recording a bulk, requeueing) takes them in id order, so that two of them never
     * wait for each other (PostgreSQL locks an UPDATE's rows in scan order otherwise: a bulk recorded while re-linking
     * requeued some of its articles deadlocked). Claims skip locked rows and wait for none.
     */
    private static final String LOCKED_BY_TOKEN =
            "SELECT id FROM article WHERE lease_token IN (:tokens) ORDER BY id FOR UPDATE";

    /** Extends the leases this worker still holds; returns how many it still holds. Call in a transaction. */
    public int renew(Collection<Long> tokens, Instant leaseUntil) {
        if (tokens.isEmpty()) {
            return 0;
        }
        return getEntityManager().createNativeQuery(
                        "UPDATE article SET lease_until = :until WHERE id IN (" + LOCKED_BY_TOKEN + ")")
                .setParameter("until", leaseUntil).setParameter("tokens", tokens).executeUpdate();
    }

    /** Gives back leases (a draining replica): the articles are due again at once for any replica. */
    public int release(Collection<Long> tokens) {
        if (tokens.isEmpty()) {
            return 0;
        }
        return getEntityManager().createNativeQuery(
                        "UPDATE article SET lease_until = NULL, lease_token = NULL WHERE id IN (" + LOCKED_BY_TOKEN + ")")
                .setParameter("tokens", tokens).executeUpdate();
    }

    /** The article if this claim still holds it, locked for the transition. Call in a transaction. */
    public Optional<Article> fenced(Claim claim) {
        Article article = getEntityManager().find(Article.class, claim.id(), LockModeType.PESSIMISTIC_WRITE);
        return article != null && article.leaseToken != null && article.leaseToken == claim.token()
                ? Optional.of(article) : Optional.empty();
    }

    /**
     * The claimed articles, read in one statement (a claim whose article is gone is missing from the answer).
     */
    public Map<UUID, Article> claimed(Collection<Claim> claims) {
        Map<UUID, Article> found = new java.util.HashMap<>();
        if (!claims.isEmpty()) {
            list("id in ?1", claims.stream().map(Claim::id).toList()).forEach(a -> found.put(a.id, a));
        }
        return found;
    }

    /** An article just tagged by the claim that holds it: its annotation and its history row's detail. */
    public record Tagging(Claim claim, dev.dragoman.common.api.Annotation annotation, String detail) {
    }

    /**
     * RECEIVED -> TAGGED with its annotation and one history row, for every article of {@code tagged} whose claim
     * still holds it: one statement for all, the token check and the change together, rows locked in id order (see
     * {@link #LOCKED_BY_TOKEN}). Returns the ids of the articles moved. Call in a transaction.
     */
    public Set<UUID> markTagged(List<Tagging> tagged) {
        Set<UUID> moved = new HashSet<>();
        if (tagged.isEmpty()) {
            return moved;
        }
        getEntityManager().unwrap(org.hibernate.Session.class).doWork(connection -> {
            try (java.sql.PreparedStatement statement = connection.prepareStatement("""
                    WITH input AS (
                      SELECT * FROM unnest(?::uuid[], ?::bigint[], ?::text[], ?::text[]) AS t(id, token, annotation, detail)),
                    locked AS (
                      SELECT a.id FROM article a JOIN input i ON a.id = i.id AND a.lease_token = i.token
                      WHERE a.status = 'RECEIVED' ORDER BY a.id FOR UPDATE OF a),
                    moved AS (
                      UPDATE article a SET annotation = CAST(i.annotation AS jsonb), tagged_at = now(), status = 'TAGGED',
                        attempts = 0, retries = 0, last_error = NULL, updated_at = now(), version = a.version + 1
                      FROM input i
                      WHERE a.id = i.id AND a.id IN (SELECT id FROM locked) AND a.lease_token = i.token
                        AND a.status = 'RECEIVED'
                      RETURNING a.id, i.detail),
                    recorded AS (
                      INSERT INTO article_event (article_id, type, detail, at) SELECT id, 'TAGGED', detail, now() FROM moved)
                    SELECT id FROM moved""")) {
                int n = tagged.size();
                Object[] ids = new Object[n];
                Object[] tokens = new Object[n];
                String[] annotations = new String[n];
                String[] details = new String[n];
                for (int i = 0; i < n; i++) {
                    Tagging t = tagged.get(i);
                    ids[i] = t.claim().id();
                    tokens[i] = t.claim().token();
                    annotations[i] = JsonColumnFormat.write(t.annotation());
                    details[i] = t.detail();
                }
                statement.setArray(1, connection.createArrayOf("uuid", ids));
                statement.setArray(2, connection.createArrayOf("bigint", tokens));
                statement.setArray(3, connection.createArrayOf("text", annotations));
                statement.setArray(4, connection.createArrayOf("text", details));
                try (java.sql.ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        moved.add(rows.getObject(1, UUID.class));
                    }
                }
            }
        });
        return moved;
    }

    /**
     * An article just indexed; for one that came from a source with a stated publication date, the seconds from
     * publication to INDEXED (the source's freshness), else null.
     */
    public record Indexed(UUID id, Double freshnessSeconds) {
    }

    /**
     * TAGGED -> INDEXED for every article of an indexing bulk that its claim still holds, with one history row each;
     * returns the articles moved. Call in a transaction.
     */
    @SuppressWarnings("unchecked")
    public List<Indexed> markIndexed(Collection<Long> tokens) {
        if (tokens.isEmpty()) {
            return List.of();
        }
        List<Object[]> rows = getEntityManager().createNativeQuery("""
                        WITH moved AS (
                          UPDATE article SET status = 'INDEXED', indexed_at = now(), updated_at = now(),
                            lease_until = NULL, lease_token = NULL, last_error = NULL, attempts = 0, retries = 0,
                            version = version + 1
                          WHERE id IN (%s) AND status = 'TAGGED'
                          RETURNING id, CASE WHEN source_id IS NOT NULL AND published_at IS NOT NULL
                            AND NOT published_at_estimated THEN extract(epoch FROM now() - published_at) END AS fresh),
                        recorded AS (
                          INSERT INTO article_event (article_id, type, detail, at)
                          SELECT id, 'INDEXED', NULL, now() FROM moved)
                        SELECT id, fresh FROM moved""".formatted(LOCKED_BY_TOKEN), Object[].class)
                .setParameter("tokens", tokens)
                .getResultList();
        return rows.stream().map(r -> new Indexed((UUID) r[0], r[1] == null ? null : ((Number) r[1]).doubleValue()))
                .toList();
    }

    /**
     * What a requeue did: articles sent back to RECEIVED, and the concerned articles a worker held (left to it, or
     * marked to go through again once it lets them go).
     */
    public record Requeued(long requeued, long held) {
    }

    /**
     * Sends back to RECEIVED (tagged and indexed again) every article whose annotation mentions one of
     * {@code entityIds} and every article of {@code named}; each gets a REANNOTATE history row: {@code detail}, then
     * the entities of {@code entityIds} it mentions and the names {@code named} gives for it. An article a worker
     * holds right now is left to it; with {@code deferHeld} it is marked to go through again once the worker lets it
     * go ({@link #requeueDeferred}), since the worker may have tagged it before what changed. Call in a transaction.
     */
    public Requeued requeue(Collection<String> entityIds, Map<UUID, String> named, String detail, boolean deferHeld) {
        long[] counts = new long[2];
        getEntityManager().unwrap(org.hibernate.Session.class).doWork(connection -> {
            try (java.sql.PreparedStatement statement = connection.prepareStatement("""
                    WITH input AS (SELECT ?::text[] AS ids, ?::text AS detail, ?::boolean AS defer),
                    named AS (
                      SELECT id, string_agg(names, ', ') AS names FROM unnest(?::uuid[], ?::text[]) AS t(id, names)
                      GROUP BY id),
                    concerned AS (
                      SELECT a.id, a.lease_until IS NOT NULL AND a.lease_until >= now() AS held,
                        left((SELECT detail FROM input) || ': ' || concat_ws('; ',
                          (SELECT 'entity ' || string_agg(e, ', ' ORDER BY e)
                           FROM unnest(article_entity_ids(a.annotation)) e, input WHERE e = ANY (input.ids)),
                          'name ' || n.names), 2000) AS what
                      FROM article a LEFT JOIN named n ON n.id = a.id
                      WHERE a.id IN (SELECT id FROM article WHERE article_entity_ids(annotation) && (SELECT ids FROM input)
                                     UNION SELECT id FROM named)
                      ORDER BY a.id
                      FOR UPDATE OF a),
                    requeued AS (
                      UPDATE article a SET status = 'RECEIVED', attempts = 0, retries = 0, last_error = NULL,
                        lease_until = NULL, lease_token = NULL, relink_pending = NULL, next_attempt_at = now(),
                        updated_at = now(), version = a.version + 1
                      FROM concerned c WHERE a.id = c.id AND NOT c.held
                      RETURNING a.id, c.what),
                    deferred AS (
                      UPDATE article a SET relink_pending = left(concat_ws('; ', a.relink_pending, c.what), 4000)
                      FROM concerned c WHERE a.id = c.id AND c.held AND (SELECT defer FROM input)
                      RETURNING a.id),
                    recorded AS (
                      INSERT INTO article_event (article_id, type, detail, at)
                      SELECT id, 'REANNOTATE', what, now() FROM requeued RETURNING 1)
                    SELECT (SELECT count(*) FROM recorded), (SELECT count(*) FROM concerned WHERE held)""")) {
                statement.setArray(1, connection.createArrayOf("text", entityIds.toArray(String[]::new)));
                statement.setString(2, detail);
                statement.setBoolean(3, deferHeld);
                statement.setArray(4, connection.createArrayOf("uuid", named.keySet().toArray(UUID[]::new)));
                statement.setArray(5, connection.createArrayOf("text", named.values().toArray(String[]::new)));
                try (java.sql.ResultSet row = statement.executeQuery()) {
                    row.next();
                    counts[0] = row.getLong(1);
                    counts[1] = row.getLong(2);
                }
            }
        });
        return new Requeued(counts[0], counts[1]);
    }

    /**
     * Sends back to RECEIVED the articles {@link #requeue} marked while a worker held them, now that none does, each
     * with a REANNOTATE history row saying what changed; returns how many. Call in a transaction.
     */
    public long requeueDeferred() {
        return ((Number) getEntityManager().createNativeQuery("""
                        WITH due AS (
                          SELECT id, relink_pending FROM article
                          WHERE relink_pending IS NOT NULL AND (lease_until IS NULL OR lease_until < now())
                          FOR UPDATE SKIP LOCKED),
                        requeued AS (
                          UPDATE article a SET status = 'RECEIVED', attempts = 0, retries = 0, last_error = NULL,
                            lease_until = NULL, lease_token = NULL, relink_pending = NULL, next_attempt_at = now(),
                            updated_at = now(), version = a.version + 1
                          FROM due WHERE a.id = due.id
                          RETURNING a.id, due.relink_pending AS what),
                        recorded AS (
                          INSERT INTO article_event (article_id, type, detail, at)
                          SELECT id, 'REANNOTATE', what, now() FROM requeued RETURNING 1)
                        SELECT count(*) FROM recorded""").getSingleResult()).longValue();
    }

    /** Articles per status, read in one statement so the numbers add up. */
    public Map<ArticleStatus, Long> countByStatus() {
        Map<ArticleStatus, Long> counts = new EnumMap<>(ArticleStatus.class);
        for (ArticleStatus status : ArticleStatus.values()) {
            counts.put(status, 0L);
        }
        getEntityManager().createQuery("select a.status, count(a) from Article a group by a.status", Object[].class)
                .getResultList()
                .forEach(row -> counts.put((ArticleStatus) row[0], (Long) row[1]));
        return counts;
    }

    /** One page of articles in a state, ordered by id, after the cursor (an id) if given. */
    public List<Article> page(ArticleStatus status, UUID after, int size) {
        return after == null
                ? find("status = ?1 order by id", status).page(0, size).list()
                : find("status = ?1 and id > ?2 order by id", status, after).page(0, size).list();
    }
}
