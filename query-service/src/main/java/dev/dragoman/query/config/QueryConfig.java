package dev.dragoman.query.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** Settings of query-service (prefix dragoman.query). */
@ConfigMapping(prefix = "dragoman.query")
public interface QueryConfig {

    /** Index names: alias {prefix}-articles over {prefix}-articles-v{version}. */
    @WithDefault("dragoman")
    String indexPrefix();

    /**
     * Primary shards of a new articles index (fixed once the index exists: a change takes a new index version).
     * One per 30-50 GB of articles is the usual size.
     */
    @WithDefault("1")
    int indexShards();

    /** Replicas of each shard; applied to the existing index at start-up too. 0 on one node, at least 1 in production. */
    @WithDefault("0")
    int indexReplicas();

    /**
     * How often the articles index makes what was indexed searchable (Elasticsearch's index.refresh_interval);
     * applied to the existing index at start-up too. Shorter: fresher search, more small segments to merge. 500 ms
     * rather than Elasticsearch's 1 s: in the throughput benchmark (docs/benchmarks/ingest-throughput.md) it took
     * POST-to-searchable p95 from 2.2 s to 1.5 s with no measurable loss of bulk throughput.
     */
    @WithDefault("500ms")
    java.time.Duration indexRefreshInterval();

    /**
     * The refresh interval while ingest-service works through a backlog (its bulks say so): a bulk load's articles
     * waited in the queue far longer than this, and refreshing every {@link #indexRefreshInterval} writes a small
     * segment each time that merges then rewrite (two 20k runs of the throughput benchmark, one refreshing every 500 ms
     * throughout, one every 5 s: Elasticsearch's CPU per article 11.1 and 9.0 ms, its merge time per article 12.2 and
     * 6.7 ms). The first bulk without a backlog sets {@link #indexRefreshInterval} again. Keep it shorter than
     * {@code stories.overlap}: story reconciliation re-reads what placement could not see yet.
     */
    @WithDefault("5s")
    java.time.Duration backlogRefreshInterval();

    /** How often a replica puts the refresh interval again although it put the same one last (another replica may have changed it). */
    @WithDefault("10s")
    java.time.Duration refreshIntervalReassert();

    /**
     * Refresh policy of indexing calls: false (searchable within the index refresh interval; the default, so that
     * bulk indexing runs at Elasticsearch's speed), wait_for (searchable on return: one call per refresh), or true.
     */
    @WithDefault("false")
    String refresh();

    /**
     * PEM file of the certificate authority that signed Elasticsearch's HTTP certificate (with ECK: ca.crt of the
     * Secret {name}-es-http-certs-public); the client trusts it besides the JVM's own. Unset: the JVM's trust only.
     */
    java.util.Optional<java.nio.file.Path> elasticsearchCaFile();

    @WithDefault("10")
    int defaultPageSize();

    @WithDefault("100")
    int maxPageSize();

    /**
     * How far into an article's body a search result's snippet is looked for (characters): highlighting analyses
     * the text of each hit it shows again, so this bounds its work on very long articles; past it the snippet is
     * the body's opening.
     */
    @WithDefault("100000")
    int highlightMaxChars();

    Alerts alerts();

    /**
     * How long a replica holds a singleton job (alert delivery, story reconciliation) without renewing it; renewed at
     * each run, so it must exceed the jobs' intervals. After a holder dies, another replica takes over within it.
     */
    @WithDefault("45s")
    java.time.Duration singletonLease();

    Webhooks webhooks();

    RateLimits rateLimits();

    /**
     * Per-client limits on the expensive reads (token buckets per replica: with N replicas behind a load balancer a
     * client gets up to N times these). A client is its authenticated subject when there is one, else its address.
     */
    interface RateLimits {
        @WithDefault("true")
        boolean enabled();

        /** Searches (search, timeline, stories, entities, quotes, events) per client and period (600 a minute). */
        Limit search();

        /** Exports per client and period (10 a minute: each streams up to the whole index). */
        @WithName("export")
        Limit export();

        /** Most clients remembered at once (least recently seen forgotten first). */
        @WithDefault("100000")
        int maxClients();

        /** A number of requests per period; the defaults of each limit are in application.properties. */
        interface Limit {
            long requests();

            java.time.Duration period();
        }
    }

    Stories stories();

    /** Story grouping: how often recently indexed articles are placed again, and how far back. */
    interface Stories {
        @WithDefault("true")
        boolean enabled();

        @WithDefault("30s")
        java.time.Duration interval();

        @WithDefault("15m")
        java.time.Duration window();

        /**
         * How far before the previous round each round looks again: longer than an indexing bulk takes to become
         * searchable (its indexedAt is stamped before it is sent), so that no article falls between two rounds.
         * Each article is placed again about once (the whole interval placed most of them twice).
         */
        @WithDefault("10s")
        java.time.Duration overlap();

        /**
         * Most articles a reconciliation round links at once (in memory, a few hundred bytes each); a round with
         * more links them this many at a time.
         */
        @WithDefault("100000")
        int reconcileMax();
    }

    /** Webhook alerts of saved searches (dragoman.query.alerts.interval sets how often they run). */
    interface Alerts {
        @WithDefault("true")
        boolean enabled();

        /** How often new matches are looked for and delivered. */
        @WithDefault("10s")
        java.time.Duration interval();

        /**
         * How far back before its watermark each round reads a saved search's matches again: articles that became
         * searchable late, or were stamped by an indexing replica whose clock runs behind, within this window are
         * still delivered, once (the deliveries are recorded per article).
         */
        @WithDefault("5m")
        java.time.Duration overlap();
    }

    /**
     * Where saved-search webhooks may point (dragoman.query.webhooks.*): https only unless allow-http; never at
     * loopback, link-local, private or other special addresses unless the allow-list names the host or its range.
     */
    interface Webhooks {
        /** Whether plain http webhooks are accepted besides https. */
        @WithDefault("false")
        boolean allowHttp();

        /** Host names and address ranges (CIDR) accepted although the guard would refuse them. */
        java.util.Optional<java.util.List<String>> allowList();

        /** Longest wait for a webhook's connection. */
        @WithDefault("5s")
        java.time.Duration connectTimeout();

        /** Longest wait for a webhook's answer. */
        @WithDefault("10s")
        java.time.Duration timeout();
    }
}
