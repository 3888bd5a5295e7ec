package dev.dragoman.local;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A genuine Keycloak (the identity provider of the local stack and the tests) run as a local process from the Maven
 * artifact {@code org.keycloak:keycloak-quarkus-dist:zip}, with the committed {@code dragoman} realm imported at each
 * start into an in-memory database: the same roles, clients and test users every time. Listens on 127.0.0.1 only;
 * its health is on a management port of its own.
 */
public final class KeycloakNode implements AutoCloseable {

    /** The realm of the project: roles reader, writer, curator, admin; one client per service; test users. */
    public static final String REALM = "dragoman";
    static final String REALM_RESOURCE = "/keycloak/dragoman-realm.json";

    private final int port;
    private final int managementPort;
    private final Path log;
    private Process process;

    private KeycloakNode(int port, int managementPort, Path log) {
        this.port = port;
        this.managementPort = managementPort;
        this.log = log;
    }

    /** Starts Keycloak on the port given (0 picks a free one), logging under runDir. */
    public static KeycloakNode start(Path runDir, int port) throws IOException, InterruptedException {
        Files.createDirectories(runDir);
        KeycloakNode node = new KeycloakNode(port == 0 ? Processes.freePort() : port, Processes.freePort(),
                runDir.resolve("keycloak.log"));
        node.startServer(distribution(runDir));
        return node;
    }

    /** The server's base URL (also the base of the token issuer: KC_HOSTNAME is set to it). */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** The issuer of the project's realm: what services put in quarkus.oidc.auth-server-url. */
    public String issuer() {
        return url() + "/realms/" + REALM;
    }

    private void startServer(Path home) throws IOException, InterruptedException {
        Path imports = home.resolve("data/import");
        Files.createDirectories(imports);
        try (InputStream realm = KeycloakNode.class.getResourceAsStream(REALM_RESOURCE)) {
            if (realm == null) {
                throw new IllegalStateException("realm file missing from the classpath: " + REALM_RESOURCE);
            }
            Files.copy(realm, imports.resolve("dragoman-realm.json"), StandardCopyOption.REPLACE_EXISTING);
        }
        ProcessBuilder builder = new ProcessBuilder(List.of(home.resolve("bin/kc.sh").toString(), "start",
                "--optimized", "--import-realm"))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        environment(builder.environment());
        Map<String, String> env = builder.environment();
        env.put("KC_HOSTNAME", url());
        env.put("KC_HTTP_ENABLED", "true");
        env.put("KC_HTTP_HOST", "127.0.0.1");
        env.put("KC_HTTP_PORT", Integer.toString(port));
        env.put("KC_HTTP_MANAGEMENT_PORT", Integer.toString(managementPort));
        env.put("KC_HTTP_MANAGEMENT_HOST", "127.0.0.1");
        // no cluster: JGroups would open ports of its own
        env.put("KC_CACHE", "local");
        env.put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
        env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", "local-admin");
        process = builder.start();
        try {
            Processes.await("Keycloak on " + url(), Duration.ofMinutes(3), () -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("Keycloak exited (" + process.exitValue() + "):\n"
                            + Processes.tail(log, 4000));
                }
                return Processes.answersOk("http://127.0.0.1:" + managementPort + "/health/ready",
                        Duration.ofSeconds(3))
                        && Processes.answersOk(issuer() + "/.well-known/openid-configuration", Duration.ofSeconds(3));
            });
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    public long pid() {
        return process == null ? -1 : process.pid();
    }

    @Override
    public void close() {
        if (process != null) {
            ElasticsearchNode.stop(process.pid());
            process = null;
        }
    }

    /** The Java Keycloak runs on (this JVM's), and the option Java 25 needs for a quiet shutdown. */
    private static void environment(Map<String, String> env) {
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("JAVA_OPTS_APPEND", "--add-opens=java.base/java.lang=ALL-UNNAMED");
        env.remove("KC_DB");
    }

    /**
     * The zip Maven resolved, unpacked once into the shared work folder and built once for this stack's options
     * (an in-memory database, health on): later starts are "--optimized" and take seconds.
     */
    private static synchronized Path distribution(Path runDir) throws IOException, InterruptedException {
        String version = StackDefaults.get("keycloak.version", "26.5.6");
        Path home = Processes.sharedWorkDir().resolve("keycloak-" + version);
        Path built = home.resolve(".dragoman-built");
        if (Files.exists(built)) {
            return home;
        }
        Path zip = Path.of(Optional.ofNullable(System.getenv("DRAGOMAN_KEYCLOAK_ZIP")).orElse(StackDefaults.get(
                "keycloak.zip", System.getProperty("user.home") + "/.m2/repository/org/keycloak/keycloak-quarkus-dist/"
                        + version + "/keycloak-quarkus-dist-" + version + ".zip")));
        if (!Files.exists(zip)) {
            throw new IllegalStateException("Keycloak distribution not found at " + zip
                    + ": build the project with Maven first (it resolves the zip)");
        }
        Processes.unpackOnce(zip, home, "bin/kc.sh");
        ProcessBuilder build = new ProcessBuilder(List.of(home.resolve("bin/kc.sh").toString(), "build",
                "--db=dev-mem", "--health-enabled=true"))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(runDir.resolve("keycloak-build.log").toFile()));
        environment(build.environment());
        Process process = build.start();
        if (!process.waitFor(5, java.util.concurrent.TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException("Keycloak build failed:\n" + Processes.tail(runDir.resolve("keycloak-build.log"),
                    4000));
        }
        Files.writeString(built, version);
        return home;
    }
}
