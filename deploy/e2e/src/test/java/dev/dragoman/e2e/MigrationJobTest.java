package dev.dragoman.e2e;

import dev.dragoman.local.Backends;
import dev.dragoman.local.ServiceProcess;
import dev.dragoman.local.SharedBackends;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How the Helm chart changes the schema: a pre-install/pre-upgrade Job runs the packaged ingest-service with
 * DRAGOMAN_INGEST_MIGRATE_ONLY=true (migrate, exit 0), and the replicas run with QUARKUS_FLYWAY_MIGRATE_AT_START=false.
 */
class MigrationJobTest {

    private static final Path PROJECT_DIR = Path.of(System.getProperty("dragoman.project.dir", "../.."));
    private static final Path LOG_DIR = PROJECT_DIR.resolve("deploy/e2e/target/service-logs");
    private static final Duration RUN_LIMIT = Duration.ofMinutes(2);

    private final Backends backends = SharedBackends.get();

    @Test
    void jobMigratesAndExitsThenReplicasStartWithoutMigrating() throws Exception {
        Map<String, String> database = freshDatabase();

        Map<String, String> job = new HashMap<>(database);
        job.put("DRAGOMAN_INGEST_MIGRATE_ONLY", "true");
        Run install = runToExit("migration-job-install", job);
        assertEquals(0, install.exitCode(), install.log());
        assertTrue(install.log().contains("migrate-only: schema at version"), install.log());

        Map<String, String> replica = new HashMap<>(database);
        replica.put("QUARKUS_FLYWAY_MIGRATE_AT_START", "false");
        try (ServiceProcess ingest = new ServiceProcess("ingest-service",
                ServiceProcess.jarOf(PROJECT_DIR, "ingest-service"), freePort(), replica,
                LOG_DIR.resolve("migration-replica.log"))) {
            ingest.start(RUN_LIMIT);
            assertTrue(ingest.ready(), "a replica that only validates starts on the migrated schema");
        }

        // An upgrade with nothing new to apply: the Job still succeeds, so a release never blocks on it.
        Run upgrade = runToExit("migration-job-upgrade", job);
        assertEquals(0, upgrade.exitCode(), upgrade.log());
        assertTrue(upgrade.log().contains("(0 migrations applied now)"), upgrade.log());
    }

    @Test
    void replicaThatDoesNotMigrateRefusesAnUnmigratedSchema() throws Exception {
        Map<String, String> replica = new HashMap<>(freshDatabase());
        replica.put("QUARKUS_FLYWAY_MIGRATE_AT_START", "false");
        Run run = runToExit("migration-unmigrated-replica", replica);
        assertNotEquals(0, run.exitCode(), "a replica must not serve on a schema the Job has not migrated:\n" + run.log());
        // Hibernate's schema validation finds the missing tables first; Flyway's validation (SchemaAtStartup) catches
        // what Hibernate cannot see, such as a pending migration that only adds an index.
        assertTrue(run.log().contains("Schema validation: missing table")
                || run.log().contains("Detected resolved migration not applied to database"), run.log());
    }

    private Map<String, String> freshDatabase() {
        String name = "migration_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        return Map.of("QUARKUS_OIDC_AUTH_SERVER_URL", backends.keycloakIssuer(),
                "QUARKUS_DATASOURCE_JDBC_URL", backends.database(name),
                "QUARKUS_DATASOURCE_USERNAME", backends.postgresUser(),
                "QUARKUS_DATASOURCE_PASSWORD", backends.postgresPassword(),
                "QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
    }

    private record Run(int exitCode, String log) {
    }

    /** Runs the packaged ingest-service as a Job would and waits for it to end by itself. */
    private static Run runToExit(String name, Map<String, String> environment) throws IOException, InterruptedException {
        Files.createDirectories(LOG_DIR);
        Path log = LOG_DIR.resolve(name + ".log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", ServiceProcess.jarOf(PROJECT_DIR, "ingest-service").toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(freePort()));
        Process process = builder.start();
        if (!process.waitFor(RUN_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(name + " did not exit within " + RUN_LIMIT + ":\n" + Files.readString(log));
        }
        return new Run(process.exitValue(), Files.readString(log));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
