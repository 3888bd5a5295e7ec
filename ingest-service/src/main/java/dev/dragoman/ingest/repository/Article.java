package dev.dragoman.ingest.repository;

import dev.dragoman.common.api.Annotation;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A stored article and its processing state (see V1__articles.sql). */
@Entity
@Table(name = "article")
public class Article extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "content_hash", nullable = false, updatable = false)
    public String contentHash;

    public String title;

    @Column(nullable = false)
    public String body;

    public String dateline;

    @Column(name = "published_at")
    public OffsetDateTime publishedAt;

    /** True when no date was given and publishedAt was estimated from the text. */
    @Column(name = "published_at_estimated", nullable = false)
    public boolean publishedAtEstimated;

    public String source;

    public String url;

    /** The registered source the article was fetched from (V4; null once that source is deleted). */
    @Column(name = "source_id")
    public UUID sourceId;

    /** The author a feed or page named. */
    public String author;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public ArticleStatus status;

    public int attempts;

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "next_attempt_at", nullable = false)
    public Instant nextAttemptAt;

    @Column(name = "lease_until")
    public Instant leaseUntil;

    /** The fencing token of the claim that holds the article (V3): every transition checks it. */
    @Column(name = "lease_token")
    public Long leaseToken;

    /** Failed tries in the current step, whatever the cause (attempts counts only those that count towards FAILED). */
    public int retries;

    /** The NDJSON batch the article came in with, if any. */
    @Column(name = "batch_id")
    public UUID batchId;

    @JdbcTypeCode(SqlTypes.JSON)
    public Annotation annotation;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "tagged_at")
    public Instant taggedAt;

    @Column(name = "indexed_at")
    public Instant indexedAt;

    @Version
    public long version;
}
