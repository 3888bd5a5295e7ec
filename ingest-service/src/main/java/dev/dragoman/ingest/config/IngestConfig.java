package dev.dragoman.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Settings of ingest-service (prefix dragoman.ingest). */
@ConfigMapping(prefix = "dragoman.ingest")
public interface IngestConfig {

    /** Largest single article accepted, in bytes (413 beyond). */
    @WithDefault("1048576")
    int maxArticleBytes();

    /** Largest NDJSON batch accepted, in bytes (413 beyond). */
    @WithDefault("33554432")
    int maxBatchBytes();

    /**
     * Migrate the database schema with Flyway, then exit (0 when the schema is current, 1 when migrating failed)
     * without serving or driving the pipeline: the mode of the Helm chart's pre-install/pre-upgrade Job, so that
     * the schema changes once per release while the replicas run with quarkus.flyway.migrate-at-start=false.
     */
    @WithDefault("false")
    boolean migrateOnly();

    Pipeline pipeline();

    /** How accepted articles are driven through tagging and indexing. */
    interface Pipeline {

        /** Off only for tests that inspect articles before they move. */
        @WithDefault("true")
        boolean enabled();

        /** How often due articles are looked for. */
        @WithDefault("1s")
        Duration pollInterval();

        /** Articles claimed per poll. */
        @WithDefault("32")
        int batchSize();

        /** Articles processed at once by this replica. */
        @WithDefault("8")
        int concurrency();

        /** How long a claim lasts; another worker may take the article over after it (longer than client timeouts). */
        @WithDefault("2m")
        Duration lease();

        /** Wait before the first retry; doubled each attempt up to maxBackoff. */
        @WithDefault("1s")
        Duration initialBackoff();

        @WithDefault("1m")
        Duration maxBackoff();

        /**
         * Attempts after which an article a downstream service refuses (4xx) is marked FAILED. Outages (connection
         * refused, timeouts, 5xx) never fail an article: it waits, with backoff, until the service is back.
         */
        @WithDefault("5")
        int maxAttempts();
    }
}
