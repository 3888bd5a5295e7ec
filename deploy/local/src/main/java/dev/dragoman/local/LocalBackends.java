package dev.dragoman.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Starts PostgreSQL and Elasticsearch side by side as local processes under one run folder. */
public final class LocalBackends implements AutoCloseable {

    private final Path runDir;
    private final PostgresNode postgres;
    private final ElasticsearchNode elasticsearch;

    private LocalBackends(Path runDir, PostgresNode postgres, ElasticsearchNode elasticsearch) {
        this.runDir = runDir;
        this.postgres = postgres;
        this.elasticsearch = elasticsearch;
    }

    /**
     * Starts both servers; ports 0 pick free ones. Elasticsearch starts in the background while PostgreSQL
     * initialises, since it is the slower of the two.
     */
    public static LocalBackends start(int postgresPort, int elasticsearchPort, String elasticsearchHeap)
            throws IOException, InterruptedException {
        Path runDir = Files.createTempDirectory(Processes.sharedWorkDir(), "run-");
        // the servers may run as another user, who must be able to reach their folders below this one
        Files.setPosixFilePermissions(runDir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        log("starting PostgreSQL and Elasticsearch under " + runDir);
        var elasticsearchStart = new java.util.concurrent.CompletableFuture<ElasticsearchNode>();
        Thread esThread = new Thread(() -> {
            try {
                elasticsearchStart.complete(ElasticsearchNode.start(runDir.resolve("elasticsearch"), elasticsearchPort,
                        elasticsearchHeap));
            } catch (Throwable e) {
                elasticsearchStart.completeExceptionally(e);
            }
        }, "elasticsearch-start");
        esThread.start();
        PostgresNode postgres = null;
        try {
            postgres = PostgresNode.start(runDir.resolve("postgres"), postgresPort);
            log("PostgreSQL ready on port " + postgres.port());
            ElasticsearchNode elasticsearch = elasticsearchStart.get();
            log("Elasticsearch ready at " + elasticsearch.url());
            return new LocalBackends(runDir, postgres, elasticsearch);
        } catch (java.util.concurrent.ExecutionException e) {
            if (postgres != null) {
                postgres.close();
            }
            Processes.deleteTree(runDir);
            throw new IOException("Elasticsearch failed to start: " + e.getCause().getMessage(), e.getCause());
        } catch (IOException | RuntimeException e) {
            esThread.join();
            elasticsearchStart.thenAccept(ElasticsearchNode::close);
            Processes.deleteTree(runDir);
            throw e;
        }
    }

    public Backends backends() {
        return new Backends(postgres.jdbcUrl("postgres"), PostgresNode.USER, "", elasticsearch.url(),
                ProcessHandle.current().pid());
    }

    public PostgresNode postgres() {
        return postgres;
    }

    public ElasticsearchNode elasticsearch() {
        return elasticsearch;
    }

    @Override
    public void close() {
        elasticsearch.close();
        postgres.close();
        Processes.deleteTree(runDir);
        log("stopped");
    }

    public static void log(String message) {
        System.out.println("[local-stack] " + message);
    }
}
