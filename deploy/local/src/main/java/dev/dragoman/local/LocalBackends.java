package dev.dragoman.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Starts PostgreSQL, Elasticsearch and Keycloak side by side as local processes under one run folder. */
public final class LocalBackends implements AutoCloseable {

    private final Path runDir;
    private final PostgresNode postgres;
    private final ElasticsearchNode elasticsearch;
    private final KeycloakNode keycloak;

    private LocalBackends(Path runDir, PostgresNode postgres, ElasticsearchNode elasticsearch, KeycloakNode keycloak) {
        this.runDir = runDir;
        this.postgres = postgres;
        this.elasticsearch = elasticsearch;
        this.keycloak = keycloak;
    }

    /**
     * Starts both servers; ports 0 pick free ones. Elasticsearch starts in the background while PostgreSQL
     * initialises, since it is the slower of the two.
     */
    public static LocalBackends start(int postgresPort, int elasticsearchPort, String elasticsearchHeap)
            throws IOException, InterruptedException {
        return start(postgresPort, elasticsearchPort, elasticsearchHeap, 0);
    }

    /**
     * Starts the three servers; ports 0 pick free ones. Elasticsearch and Keycloak start in the background while
     * PostgreSQL initialises, since they are the slower ones.
     */
    public static LocalBackends start(int postgresPort, int elasticsearchPort, String elasticsearchHeap,
                                      int keycloakPort) throws IOException, InterruptedException {
        Path runDir = Files.createTempDirectory(Processes.sharedWorkDir(), "run-");
        // the servers may run as another user, who must be able to reach their folders below this one
        Files.setPosixFilePermissions(runDir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        log("starting PostgreSQL, Elasticsearch and Keycloak under " + runDir);
        var elasticsearchStart = inBackground("elasticsearch-start", () -> ElasticsearchNode.start(
                runDir.resolve("elasticsearch"), elasticsearchPort, elasticsearchHeap));
        var keycloakStart = inBackground("keycloak-start", () -> KeycloakNode.start(runDir.resolve("keycloak"),
                keycloakPort));
        PostgresNode postgres = null;
        try {
            postgres = PostgresNode.start(runDir.resolve("postgres"), postgresPort);
            log("PostgreSQL ready on port " + postgres.port());
            ElasticsearchNode elasticsearch = await(elasticsearchStart, "Elasticsearch");
            log("Elasticsearch ready at " + elasticsearch.url());
            KeycloakNode keycloak = await(keycloakStart, "Keycloak");
            log("Keycloak ready, issuer " + keycloak.issuer());
            return new LocalBackends(runDir, postgres, elasticsearch, keycloak);
        } catch (IOException | RuntimeException e) {
            if (postgres != null) {
                postgres.close();
            }
            elasticsearchStart.handle((node, error) -> node).join();
            keycloakStart.handle((node, error) -> node).join();
            elasticsearchStart.thenAccept(ElasticsearchNode::close);
            keycloakStart.thenAccept(KeycloakNode::close);
            Processes.deleteTree(runDir);
            throw e;
        }
    }

    private interface Start<T> {
        T start() throws Exception;
    }

    private static <T> java.util.concurrent.CompletableFuture<T> inBackground(String name, Start<T> start) {
        var future = new java.util.concurrent.CompletableFuture<T>();
        new Thread(() -> {
            try {
                future.complete(start.start());
            } catch (Throwable e) {
                future.completeExceptionally(e);
            }
        }, name).start();
        return future;
    }

    private static <T> T await(java.util.concurrent.CompletableFuture<T> start, String what)
            throws IOException, InterruptedException {
        try {
            return start.get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException(what + " failed to start: " + e.getCause().getMessage(), e.getCause());
        }
    }

    public Backends backends() {
        return new Backends(postgres.jdbcUrl("postgres"), PostgresNode.USER, "", elasticsearch.url(),
                keycloak.issuer(), ProcessHandle.current().pid());
    }

    public PostgresNode postgres() {
        return postgres;
    }

    public ElasticsearchNode elasticsearch() {
        return elasticsearch;
    }

    public KeycloakNode keycloak() {
        return keycloak;
    }

    @Override
    public void close() {
        keycloak.close();
        elasticsearch.close();
        postgres.close();
        Processes.deleteTree(runDir);
        log("stopped");
    }

    public static void log(String message) {
        System.out.println("[local-stack] " + message);
    }
}
