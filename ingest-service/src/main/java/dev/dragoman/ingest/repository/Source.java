package dev.dragoman.ingest.repository;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Instant;
import java.util.UUID;

/** A registered source and its fetch state (see V4__sources.sql). */
@Entity
@Table(name = "source")
public class Source extends PanacheEntityBase {

    /** What a source's URL gives. */
    public enum Type { RSS, ATOM, SITEMAP, PAGE }

    @Id
    public UUID id;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Type type;

    @Column(nullable = false)
    public String url;

    @Column(nullable = false)
    public String name;

    public String language;

    @Column(name = "interval_seconds", nullable = false)
    public long intervalSeconds;

    public boolean paused;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "next_fetch_at", nullable = false)
    public Instant nextFetchAt;

    @Column(name = "last_fetch_at")
    public Instant lastFetchAt;

    @Column(name = "last_success_at")
    public Instant lastSuccessAt;

    @Column(name = "last_status")
    public Integer lastStatus;

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "consecutive_failures")
    public int consecutiveFailures;

    public long fetches;

    @Column(name = "items_seen")
    public long itemsSeen;

    @Column(name = "articles_accepted")
    public long articlesAccepted;

    public String etag;

    @Column(name = "last_modified")
    public String lastModified;

    @Column(name = "lease_until")
    public Instant leaseUntil;

    @Column(name = "lease_token")
    public Long leaseToken;

    @Version
    public long version;
}
