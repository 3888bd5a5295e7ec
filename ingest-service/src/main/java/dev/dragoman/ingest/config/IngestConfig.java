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

    Sources sources();

    Fetch fetch();

    Relink relink();

    /**
     * Order independence: what nlp-service's knowledge base learns later (a full name for a surname already seen, a
     * merge, a curated alias) reaches the articles linked before, which are tagged and indexed again by themselves.
     */
    interface Relink {

        /** Off only for tests and replicas that must not requeue. */
        @WithDefault("true")
        boolean enabled();

        /**
         * How often a replica asks nlp-service what changed since the shared watermark (one replica at a time does:
         * the others find the watermark locked and skip the round).
         */
        @WithDefault("10s")
        Duration interval();
    }

    /** Sources that feed themselves (RSS/Atom feeds, sitemaps, pages): how they are claimed and scheduled. */
    interface Sources {

        /** Off only for tests and replicas that must not fetch. */
        @WithDefault("true")
        boolean enabled();

        /** How often a replica looks for due sources (and at once after "fetch now"). */
        @WithDefault("5s")
        Duration pollInterval();

        /** Sources fetched at once by this replica (each fetch holds one thread while it waits for hosts). */
        @WithDefault("8")
        int concurrency();

        /** How long a claim on a source lasts; a fetch that outlives it loses its results to the fencing token. */
        @WithDefault("10m")
        Duration lease();

        /** Shortest interval a source may be registered with. */
        @WithDefault("1m")
        Duration minInterval();

        /** Interval of a source registered without one. */
        @WithDefault("15m")
        Duration defaultInterval();

        /** Longest wait before fetching a failing source again (the wait doubles from its interval). */
        @WithDefault("6h")
        Duration maxBackoff();

        /** Most new items (pages) taken from one fetch of a feed or sitemap; the rest wait for the next fetch. */
        @WithDefault("100")
        int maxItemsPerFetch();

        /** Most child sitemaps read from one sitemap index. */
        @WithDefault("10")
        int maxChildSitemaps();
    }

    /** How pages, feeds, sitemaps and robots.txt are fetched: every address through the AddressGuard. */
    interface Fetch {

        /** The product part of the User-Agent header; the contact address is added to it. */
        @WithDefault("Dragoman-ingest/0.1")
        String userAgent();

        /** Where a site's operator can reach whoever runs this crawler (URL or mail address), sent in User-Agent. */
        String contact();

        /** Whether plain http is fetched besides https. */
        @WithDefault("true")
        boolean allowHttp();

        /** Host names and address ranges (CIDR) fetched although the guard would refuse them. */
        java.util.Optional<java.util.List<String>> allowList();

        @WithDefault("5s")
        Duration connectTimeout();

        /** Longest wait for an answer (idle time between bytes). */
        @WithDefault("20s")
        Duration timeout();

        /** Largest answer read (after decompression); a larger one fails the fetch. */
        @WithDefault("5242880")
        long maxBytes();

        /** Redirects followed, each hop checked by the guard again. */
        @WithDefault("5")
        int maxRedirects();

        /** Least time between two requests to one host from this replica (robots.txt Crawl-delay can raise it). */
        @WithDefault("1s")
        Duration hostDelay();

        /** Longest a fetch waits in line for a host (its delay, Crawl-delay, Retry-After); longer: fetched later. */
        @WithDefault("30s")
        Duration maxHostWait();

        /** Longest Crawl-delay honoured; a larger one is capped to this. */
        @WithDefault("1m")
        Duration maxCrawlDelay();

        /** How long a host's robots.txt is kept before it is fetched again. */
        @WithDefault("1h")
        Duration robotsTtl();

        /** Query parameters dropped from item URLs before comparing them (a trailing * matches a prefix). */
        @WithDefault("utm_*,fbclid,gclid,dclid,gbraid,wbraid,msclkid,mc_cid,mc_eid,yclid,igshid,_ga,_hsenc,_hsmi,ref,ref_src,cmpid,ncid,ocid,at_medium,at_campaign")
        java.util.List<String> trackingParameters();
    }

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

        /**
         * The same wait while this replica holds more articles than one bulk (a backlog: nobody is waiting for one
         * article in particular): fuller bulks, so the per-bulk work of query-service and Elasticsearch (story
         * search, request, refresh) is shared by more articles.
         */
        @WithDefault("1s")
        Duration bulkLingerBusy();

        /** Indexing bulks in flight at once from this replica. */
        @WithDefault("2")
        int indexConcurrency();

        /**
         * Articles waiting (RECEIVED or TAGGED, all replicas: the shared count of {@code dragoman_pipeline_waiting})
         * above which indexing bulks tell query-service that ingest works through a backlog, so that the index
         * refreshes less often meanwhile (query-service's {@code backlog-refresh-interval}); at or below it, bulks
         * ask for the usual interval again. A steady feed keeps a handful waiting; a bulk load thousands.
         */
        @WithDefault("500")
        int backlogThreshold();

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
