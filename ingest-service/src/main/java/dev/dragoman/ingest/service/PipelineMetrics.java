package dev.dragoman.ingest.service;

import dev.dragoman.ingest.repository.ArticleRepository;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Gauges of the work queue, read from PostgreSQL every few seconds (every replica reports the same shared figures):
 * articles waiting per state ({@code dragoman_pipeline_waiting{status}}), the age of the oldest waiting article
 * ({@code dragoman_pipeline_oldest_waiting_seconds}) and articles this replica holds
 * ({@code dragoman_pipeline_in_flight}). Throughput is the rate of the counter {@code dragoman_pipeline_articles_total{step}}.
 * KEDA's PostgreSQL scaler reads the same waiting count straight from the database (chart value ingest.keda).
 */
@ApplicationScoped
public class PipelineMetrics {

    private final ArticleRepository articles;
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong tagged = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong oldestSeconds = new AtomicLong();

    private final Backlog backlog;

    public PipelineMetrics(ArticleRepository articles, MeterRegistry meters, ArticlePipeline pipeline, Backlog backlog) {
        this.articles = articles;
        this.backlog = backlog;
        Gauge.builder("dragoman.pipeline.waiting", received, AtomicLong::get).tag("status", "RECEIVED").register(meters);
        Gauge.builder("dragoman.pipeline.waiting", tagged, AtomicLong::get).tag("status", "TAGGED").register(meters);
        Gauge.builder("dragoman.pipeline.waiting", failed, AtomicLong::get).tag("status", "FAILED").register(meters);
        Gauge.builder("dragoman.pipeline.oldest.waiting", oldestSeconds, AtomicLong::get).baseUnit("seconds")
                .register(meters);
        Gauge.builder("dragoman.pipeline.in.flight", pipeline, ArticlePipeline::inFlight).register(meters);
    }

    @Scheduled(every = "${dragoman.ingest.metrics-interval:5s}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        try {
            Object[] row = QuarkusTransaction.requiringNew().call(() -> (Object[]) articles.getEntityManager()
                    .createNativeQuery("""
                            select count(*) filter (where status = 'RECEIVED'), count(*) filter (where status = 'TAGGED'),
                              count(*) filter (where status = 'FAILED'),
                              coalesce(extract(epoch from now() - min(created_at) filter (where status in ('RECEIVED', 'TAGGED'))), 0)
                            from article where status in ('RECEIVED', 'TAGGED', 'FAILED')""").getSingleResult());
            received.set(((Number) row[0]).longValue());
            tagged.set(((Number) row[1]).longValue());
            failed.set(((Number) row[2]).longValue());
            oldestSeconds.set(((Number) row[3]).longValue());
            backlog.waiting(received.get() + tagged.get());
        } catch (RuntimeException e) {
            // the database is away: the gauges keep their last values until it is back
        }
    }
}
