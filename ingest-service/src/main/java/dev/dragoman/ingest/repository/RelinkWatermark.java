package dev.dragoman.ingest.repository;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;

/**
 * How far the knowledge base's changes have been followed (V5__relink_watermark.sql): one row, shared by every
 * replica; whoever holds its row lock follows the changes after it.
 */
@Entity
@Table(name = "relink_watermark")
public class RelinkWatermark extends PanacheEntityBase {

    @Id
    public short id;

    /** Every change before this instant has been followed: the articles it concerns were requeued. */
    @Column(nullable = false)
    public Instant until;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /**
     * The watermark, locked for this transaction, or null while another replica holds it (that replica is following
     * the changes now; this one skips the round). Call in a transaction.
     */
    public static RelinkWatermark lock() {
        @SuppressWarnings("unchecked")
        List<RelinkWatermark> rows = getEntityManager().createNativeQuery(
                "SELECT * FROM relink_watermark WHERE id = 1 FOR UPDATE SKIP LOCKED", RelinkWatermark.class)
                .getResultList();
        return rows.isEmpty() ? null : rows.get(0);
    }

    /** The watermark without a lock, for metrics and tests. */
    public static Instant current() {
        RelinkWatermark row = findById((short) 1);
        return row == null ? null : row.until;
    }
}
