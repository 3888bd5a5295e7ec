package dev.dragoman.local;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;

/**
 * Where the backing services run: a PostgreSQL admin connection, an Elasticsearch URL and the Keycloak issuer of the
 * dragoman realm. Written to a state file by the process that owns them, so that every test JVM of one build shares
 * one PostgreSQL, one Elasticsearch and one Keycloak.
 */
public record Backends(String postgresAdminJdbcUrl, String postgresUser, String postgresPassword,
                       String elasticsearchUrl, String keycloakIssuer, long ownerPid) {

    /** A token of the dragoman realm from this stack's Keycloak (see {@link Tokens}). */
    public Tokens tokens() {
        return new Tokens(keycloakIssuer);
    }

    /** A JDBC URL for another database on the same server. */
    public String jdbcUrl(String database) {
        int slash = postgresAdminJdbcUrl.lastIndexOf('/');
        int query = postgresAdminJdbcUrl.indexOf('?', slash);
        return postgresAdminJdbcUrl.substring(0, slash + 1) + database
                + (query >= 0 ? postgresAdminJdbcUrl.substring(query) : "");
    }

    /** Creates the database if needed and returns its JDBC URL: each service and test suite gets its own. */
    public String database(String name) {
        PostgresNode.createDatabase(postgresAdminJdbcUrl, postgresUser, postgresPassword, name);
        return jdbcUrl(name);
    }

    /** The address of Elasticsearch as Quarkus wants it in quarkus.elasticsearch.hosts (host:port). */
    public String elasticsearchHostAndPort() {
        return elasticsearchUrl.replaceFirst("^https?://", "");
    }

    public void write(Path file) throws IOException {
        Properties properties = new Properties();
        properties.setProperty("postgres.admin-jdbc-url", postgresAdminJdbcUrl);
        properties.setProperty("postgres.user", postgresUser);
        properties.setProperty("postgres.password", postgresPassword);
        properties.setProperty("elasticsearch.url", elasticsearchUrl);
        properties.setProperty("keycloak.issuer", keycloakIssuer);
        properties.setProperty("owner.pid", Long.toString(ownerPid));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer out = Files.newBufferedWriter(temp)) {
            properties.store(out, "Dragoman local stack: removed when the stack stops");
        }
        // readers never see a half-written file
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The backends described by the state file, if its owner process is still alive. */
    public static Optional<Backends> readLive(Path file) {
        if (file == null || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            properties.load(in);
        } catch (IOException e) {
            return Optional.empty();
        }
        long pid = Long.parseLong(properties.getProperty("owner.pid", "-1"));
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            return Optional.of(new Backends(properties.getProperty("postgres.admin-jdbc-url"),
                    properties.getProperty("postgres.user"), properties.getProperty("postgres.password"),
                    properties.getProperty("elasticsearch.url"), properties.getProperty("keycloak.issuer"), pid));
        }
        return Optional.empty();
    }
}
