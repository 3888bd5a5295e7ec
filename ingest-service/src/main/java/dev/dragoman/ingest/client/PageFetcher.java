package dev.dragoman.ingest.client;

import crawlercommons.robots.BaseRobotRules;
import crawlercommons.robots.SimpleRobotRules;
import crawlercommons.robots.SimpleRobotRulesParser;
import dev.dragoman.common.net.AddressGuard;
import dev.dragoman.common.net.HostResolver;
import dev.dragoman.common.net.PinnedHttpClient;
import dev.dragoman.ingest.config.IngestConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Fetches feeds, sitemaps and pages politely and safely. Every address — registered, found in a feed, or reached by
 * a redirect — is checked by the one {@link AddressGuard} before any connection, and the connection goes to the
 * address checked ({@link PinnedHttpClient}). Per host (scheme, name and port) this replica sends one request at a
 * time, at least {@code host-delay} apart (or the robots.txt Crawl-delay), obeys robots.txt, and after a 429 or 503
 * waits for Retry-After. Conditional requests (ETag, Last-Modified), gzip, timeouts and a size cap on every answer.
 */
@ApplicationScoped
public class PageFetcher {

    /** Why a fetch gave no page; the kind labels the error metric. */
    public static final class FetchFailed extends Exception {
        private final String kind;
        private final Integer status;
        private final Instant retryAt;

        public FetchFailed(String kind, Integer status, String message, Instant retryAt) {
            super(message);
            this.kind = kind;
            this.status = status;
            this.retryAt = retryAt;
        }

        /**
         * refused (guard), robots, rate-limited, http, too-large, network; or busy: no request was sent (the host
         * is busy with other fetches of this replica, or asked to be left alone until {@link #retryAt()}).
         */
        public String kind() {
            return kind;
        }

        /** Whether no request was sent (the host's turn has not come): the fetch is postponed, not failed. */
        public boolean busy() {
            return "busy".equals(kind);
        }

        public Integer status() {
            return status;
        }

        /** When the host may be asked again (rate-limited, busy), or null. */
        public Instant retryAt() {
            return retryAt;
        }
    }

    /** Validators of an earlier answer, for a conditional request. */
    public record Validators(String etag, String lastModified) {
        public static final Validators NONE = new Validators(null, null);
    }

    /** An answer: 200 with its body, or 304 (notModified, no body); the final URL after redirects. */
    public record Page(String url, int status, String contentType, byte[] body, String etag, String lastModified) {
        public boolean notModified() {
            return status == 304;
        }
    }

    private static final class Host {
        final ReentrantLock lock = new ReentrantLock(true);
        volatile Instant notBefore = Instant.EPOCH;
        BaseRobotRules robots;
        Instant robotsUntil = Instant.EPOCH;
    }

    private final IngestConfig.Fetch config;
    private final AddressGuard guard;
    private final PinnedHttpClient http;
    private final PinnedHttpClient.Limits limits;
    private final String userAgent;
    private final String robotsAgent;
    private final Map<String, Host> hosts = new ConcurrentHashMap<>();
    private final MeterRegistry meters;

    public PageFetcher(IngestConfig config, HostResolver resolver, Vertx vertx, MeterRegistry meters) {
        this.config = config.fetch();
        this.meters = meters;
        this.guard = new AddressGuard(this.config.allowHttp(), this.config.allowList().orElse(List.of()), resolver);
        this.http = new PinnedHttpClient(vertx, this.config.connectTimeout());
        this.limits = new PinnedHttpClient.Limits(this.config.maxRedirects(), this.config.maxBytes(),
                this.config.timeout());
        this.userAgent = this.config.userAgent() + " (+" + this.config.contact() + ")";
        String product = this.config.userAgent();
        this.robotsAgent = (product.contains("/") ? product.substring(0, product.indexOf('/')) : product)
                .toLowerCase(Locale.ROOT);
    }

    /** Checks a URL with the guard (before any connection), throwing {@link AddressGuard.Refused} with the reason. */
    public AddressGuard.Target check(String url) {
        return guard.check(url);
    }

    /** The User-Agent sent with every request. */
    public String userAgent() {
        return userAgent;
    }

    /** GETs a URL (blocking; call from a worker thread), conditionally when validators are given. */
    public Page fetch(String url, Validators validators) throws FetchFailed {
        AddressGuard.Target target;
        try {
            target = guard.check(url);
        } catch (AddressGuard.Refused e) {
            throw failed("refused", null, "refused: " + e.getMessage(), null);
        }
        Host host = hosts.computeIfAbsent(origin(target.uri()), ignored -> new Host());
        acquire(host);
        try {
            BaseRobotRules rules = robots(host, target.uri());
            if (!rules.isAllowed(url)) {
                throw failed("robots", null, "disallowed by the site's robots.txt", null);
            }
            waitForTurn(host);
            Map<String, String> headers = headers();
            if (validators.etag() != null) {
                headers.put("If-None-Match", validators.etag());
            }
            if (validators.lastModified() != null) {
                headers.put("If-Modified-Since", validators.lastModified());
            }
            PinnedHttpClient.Response response = get(url, headers, host, rules);
            int status = response.status();
            if (status == 429 || status == 503) {
                Instant retryAt = retryAfter(response.header("retry-after"));
                host.notBefore = retryAt;
                throw failed("rate-limited", status, "the host answered " + status + "; asked again after "
                        + retryAt, retryAt);
            }
            if (status != 200 && status != 304) {
                throw failed("http", status, "the host answered HTTP " + status, null);
            }
            meters.counter("dragoman.sources.bytes").increment(response.body().length);
            return new Page(response.url(), status, response.header("content-type"), response.body(),
                    response.header("etag"), response.header("last-modified"));
        } finally {
            host.lock.unlock();
        }
    }

    private PinnedHttpClient.Response get(String url, Map<String, String> headers, Host host, BaseRobotRules rules)
            throws FetchFailed {
        try {
            return http.get(guard, url, headers, limits);
        } catch (AddressGuard.Refused e) {
            throw failed("refused", null, "refused (redirect): " + e.getMessage(), null);
        } catch (PinnedHttpClient.TooLarge e) {
            throw failed("too-large", null, e.getMessage() + " (dragoman.ingest.fetch.max-bytes)", null);
        } catch (IOException e) {
            throw failed("network", null, "not reached: " + e.getMessage(), null);
        } finally {
            long crawlDelay = Math.min(Math.max(rules.getCrawlDelay(), 0), config.maxCrawlDelay().toMillis());
            Instant next = Instant.now().plusMillis(Math.max(crawlDelay, config.hostDelay().toMillis()));
            if (next.isAfter(host.notBefore)) {
                host.notBefore = next;
            }
        }
    }

    private Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("User-Agent", userAgent);
        headers.put("Accept", "text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, "
                + "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5");
        return headers;
    }

    /** One request at a time per host: wait in line at most max-host-wait. */
    private void acquire(Host host) throws FetchFailed {
        try {
            if (!host.lock.tryLock(config.maxHostWait().toMillis(), TimeUnit.MILLISECONDS)) {
                throw failed("busy", null, "the host is busy with other fetches; fetched later",
                        Instant.now().plus(config.maxHostWait()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed("network", null, "interrupted", null);
        }
    }

    /** Waits for the host's next turn (its delay, Crawl-delay or Retry-After), or fails when that is too far. */
    private void waitForTurn(Host host) throws FetchFailed {
        long wait = Duration.between(Instant.now(), host.notBefore).toMillis();
        if (wait <= 0) {
            return;
        }
        if (wait > config.maxHostWait().toMillis()) {
            throw failed("busy", null, "the host asked to wait until " + host.notBefore, host.notBefore);
        }
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed("network", null, "interrupted", null);
        }
    }

    /** The host's robots.txt rules, fetched (through the guard) at most once per robots-ttl. Holds the host's lock. */
    private BaseRobotRules robots(Host host, URI uri) throws FetchFailed {
        if (host.robots != null && Instant.now().isBefore(host.robotsUntil)) {
            return host.robots;
        }
        SimpleRobotRulesParser parser = new SimpleRobotRulesParser();
        String robotsUrl = origin(uri) + "/robots.txt";
        BaseRobotRules rules;
        waitForTurn(host);
        try {
            PinnedHttpClient.Response response = http.get(guard, robotsUrl, headers(), limits);
            rules = response.status() == 200
                    ? parser.parseContent(robotsUrl, response.body(), response.header("content-type"),
                    List.of(robotsAgent))
                    : parser.failedFetch(response.status());
        } catch (AddressGuard.Refused e) {
            throw failed("refused", null, "refused (robots.txt redirect): " + e.getMessage(), null);
        } catch (IOException e) {
            // unreachable robots.txt: allowed, as crawlers do for a missing one; the page fetch will tell
            rules = new SimpleRobotRules(SimpleRobotRules.RobotRulesMode.ALLOW_ALL);
        } finally {
            host.notBefore = Instant.now().plus(config.hostDelay());
        }
        if (rules.isDeferVisits()) {
            // robots.txt answered 429 or 5xx: nothing is fetched from the host for now, and nothing is decided
            Instant retryAt = Instant.now().plus(config.maxHostWait());
            host.notBefore = retryAt;
            throw failed("rate-limited", null, "the host's robots.txt is not available for now; fetched later",
                    retryAt);
        }
        host.robots = rules;
        host.robotsUntil = Instant.now().plus(config.robotsTtl());
        return rules;
    }

    /** Retry-After as seconds or an HTTP date; without one, the host delay's worth of a minute. */
    static Instant retryAfter(String value) {
        Instant now = Instant.now();
        if (value != null) {
            String v = value.strip();
            if (v.matches("\\d{1,9}")) {
                return now.plusSeconds(Long.parseLong(v));
            }
            try {
                return ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            } catch (DateTimeParseException e) {
                // ignored: the default below
            }
        }
        return now.plusSeconds(60);
    }

    private static String origin(URI uri) {
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        return scheme + "://" + uri.getRawAuthority().toLowerCase(Locale.ROOT);
    }

    private FetchFailed failed(String kind, Integer status, String message, Instant retryAt) {
        meters.counter("dragoman.sources.errors", "kind", kind).increment();
        return new FetchFailed(kind, status, message, retryAt);
    }

    @PreDestroy
    void close() {
        http.close();
    }
}
