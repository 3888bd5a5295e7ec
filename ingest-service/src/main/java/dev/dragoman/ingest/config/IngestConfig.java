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

    /**
     * Largest NDJSON batch accepted, in bytes: a batch is streamed and stored in chunks, so this bounds the time of
     * one request, not memory (beyond it the rest of the batch is refused as one item; the lines before are stored).
     */
    @WithDefault("536870912")
    int maxBatchBytes();

    /** Lines of a batch stored in one transaction (one INSERT ... ON CONFLICT). */
    @WithDefault("500")
    int batchChunkLines();

    /** Bytes of a batch held at most before its chunk is stored. */
    @WithDefault("8388608")
    int batchChunkBytes();

    /** Most articles answered by one page of GET /api/v1/articles?status= (and retried by one bulk retry call). */
    @WithDefault("1000")
    int maxPageSize();

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

        /** How long the claimer waits before looking again when nothing was due. */
        @WithDefault("1s")
        Duration pollInterval();

        /** Most articles claimed by one statement. */
        @WithDefault("64")
        int batchSize();

        /** Articles this replica holds at once (claimed, being tagged, waiting for or in an indexing bulk). */
        @WithDefault("256")
        int concurrency();

        /** Annotate calls in flight at once from this replica: about the cores of the nlp-service replicas it feeds. */
        @WithDefault("4")
        int tagConcurrency();

        /** Most articles in one call to query-service's bulk endpoint. */
        @WithDefault("200")
        int bulkSize();

        /** How long a bulk waits for more articles once it has one (latency against bulk size). */
        @WithDefault("100ms")
        Duration bulkLinger();

        /** Indexing bulks in flight at once from this replica. */
        @WithDefault("2")
        int indexConcurrency();

        /**
         * Longest text sent in one annotate call (nlp-service's dragoman.nlp.max-text-chars or less): a longer
         * article is tagged in pieces cut at paragraph or sentence ends, and their annotations joined.
         */
        @WithDefault("100000")
        int annotateMaxChars();

        /** How long a claim lasts; renewed every third of it while the worker holds the article. */
        @WithDefault("2m")
        Duration lease();

        /** On shutdown: how long in-flight articles may take to finish before their leases are given back. */
        @WithDefault("10s")
        Duration drainTimeout();

        /** Wait before the first retry; doubled each try up to maxBackoff, with jitter. */
        @WithDefault("1s")
        Duration initialBackoff();

        @WithDefault("1m")
        Duration maxBackoff();

        /**
         * Failed tries of one step after which an article is FAILED (with the reason; POST .../retry brings it
         * back): refusals (4xx), errors (5xx other than 503), timeouts and the services' exceptions all count.
         * An unreachable service (connection refused) or one that says it is unavailable (503) does not: the
         * article waits, with backoff, until the service is back.
         */
        @WithDefault("5")
        int maxAttempts();
    }
}
