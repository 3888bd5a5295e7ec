package dev.dragoman.ingest.service;

import dev.dragoman.common.net.AddressGuard;
import dev.dragoman.common.problem.ProblemException;
import dev.dragoman.ingest.client.PageFetcher;
import dev.dragoman.ingest.config.IngestConfig;
import dev.dragoman.ingest.model.SourceRequest;
import dev.dragoman.ingest.model.SourceView;
import dev.dragoman.ingest.repository.Source;
import dev.dragoman.ingest.repository.SourceRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Registers sources (each URL checked by the address guard first) and shows, pauses, resumes and deletes them. */
@ApplicationScoped
public class SourceService {

    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d{1,7})\\s*(s|m|h|d)");

    private final SourceRepository sources;
    private final PageFetcher fetcher;
    private final SourceCrawler crawler;
    private final IngestConfig.Sources config;

    public SourceService(SourceRepository sources, PageFetcher fetcher, SourceCrawler crawler, IngestConfig config) {
        this.sources = sources;
        this.fetcher = fetcher;
        this.crawler = crawler;
        this.config = config.sources();
    }

    public SourceView register(SourceRequest request) {
        if (request == null) {
            throw ProblemException.badRequest("Invalid source", "send a JSON object {type, url, interval, name, "
                    + "language?}");
        }
        Source.Type type = type(request.type());
        String url = required("url", request.url(), 2000);
        String name = required("name", request.name(), 200);
        String language = request.language() == null || request.language().isBlank() ? null
                : request.language().strip().toLowerCase(Locale.ROOT);
        if (language != null && !language.matches("[a-z]{2}")) {
            throw ProblemException.badRequest("Invalid source", "language must be an ISO 639-1 code such as en; got '"
                    + request.language() + "'");
        }
        Duration interval = interval(request.interval());
        refuseUnsafe(url);
        Source source = new Source();
        source.id = UUID.randomUUID();
        source.type = type;
        source.url = url.strip();
        source.name = name;
        source.language = language;
        source.intervalSeconds = interval.toSeconds();
        source.createdAt = Instant.now();
        source.nextFetchAt = source.createdAt;
        QuarkusTransaction.requiringNew().run(() -> sources.persist(source));
        crawler.wake();
        return SourceView.of(source, null);
    }

    /** 400 "refused" when the guard will not let the service fetch the URL (decided before any connection). */
    public void refuseUnsafe(String url) {
        try {
            fetcher.check(url.strip());
        } catch (AddressGuard.Refused e) {
            throw ProblemException.badRequest("refused", "the URL may not be fetched: " + e.getMessage());
        }
    }

    public SourceView.Page list() {
        return QuarkusTransaction.requiringNew().call(() -> new SourceView.Page(
                sources.find("order by createdAt, id").<Source>list().stream().map(s -> SourceView.of(s, null))
                        .toList()));
    }

    public SourceView view(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> SourceView.of(find(id),
                sources.averageDelaySeconds(id)));
    }

    public SourceView pause(UUID id, boolean paused) {
        SourceView view = QuarkusTransaction.requiringNew().call(() -> {
            Source source = locked(id);
            if (source.paused != paused) {
                source.paused = paused;
                if (!paused) {
                    source.nextFetchAt = Instant.now();
                }
            }
            return SourceView.of(source, null);
        });
        if (!paused) {
            crawler.wake();
        }
        return view;
    }

    /** Deletes a source and what it remembers of its items; its articles stay (their source_id becomes null). */
    public void delete(UUID id) {
        QuarkusTransaction.requiringNew().run(() -> sources.delete(locked(id)));
    }

    /** Makes a source due now (unless paused) and wakes this replica's claimer. */
    public SourceView fetchNow(UUID id) {
        SourceView view = QuarkusTransaction.requiringNew().call(() -> {
            Source source = locked(id);
            if (source.paused) {
                throw new ProblemException(409, "Source paused", "resume the source before fetching it");
            }
            source.nextFetchAt = Instant.now();
            return SourceView.of(source, null);
        });
        crawler.wake();
        return view;
    }

    /**
     * The source, its row locked for this transaction: an operator's pause, resume, fetch-now or delete waits for a
     * fetch being recorded at that moment (and that record, a plain update under its fencing token, waits for it),
     * instead of failing on the version the record just changed.
     */
    private Source locked(UUID id) {
        return sources.findByIdOptional(id, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE)
                .orElseThrow(() -> ProblemException.notFound("no source with id '" + id + "'"));
    }

    private Source find(UUID id) {
        return sources.findByIdOptional(id).orElseThrow(() -> ProblemException.notFound("no source with id '" + id
                + "'"));
    }

    private static Source.Type type(String type) {
        try {
            return Source.Type.valueOf(Optional.ofNullable(type).orElse("").strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("Invalid source", "type must be one of rss, atom, sitemap, page; got '"
                    + type + "'");
        }
    }

    private static String required(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw ProblemException.badRequest("Invalid source", field + " is required");
        }
        if (value.length() > max) {
            throw ProblemException.badRequest("Invalid source", field + " has more than " + max + " characters");
        }
        return value.strip();
    }

    /** ISO-8601 (PT15M) or a short form (90s, 15m, 1h, 1d); at least min-interval. */
    Duration interval(String text) {
        Duration interval;
        if (text == null || text.isBlank()) {
            interval = config.defaultInterval();
        } else {
            Matcher m = SHORT_DURATION.matcher(text.strip().toLowerCase(Locale.ROOT));
            try {
                interval = m.matches() ? Duration.ofSeconds(Long.parseLong(m.group(1)) * switch (m.group(2)) {
                    case "s" -> 1;
                    case "m" -> 60;
                    case "h" -> 3600;
                    default -> 86400;
                }) : Duration.parse(text.strip().toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException | ArithmeticException e) {
                throw ProblemException.badRequest("Invalid source", "interval must be a duration such as PT15M, 15m "
                        + "or 1h; got '" + text + "'");
            }
        }
        if (interval.compareTo(config.minInterval()) < 0 || interval.toDays() > 365) {
            throw ProblemException.badRequest("Invalid source", "interval must be between "
                    + config.minInterval() + " (dragoman.ingest.sources.min-interval) and a year; got '" + text + "'");
        }
        return interval;
    }
}
