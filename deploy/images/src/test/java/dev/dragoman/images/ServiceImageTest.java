package dev.dragoman.images;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dragoman.local.Backends;
import dev.dragoman.local.SharedBackends;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The services' images, as {@code ./mvnw package} leaves them, checked for what the Helm chart and a cluster rely on;
 * and one image's entrypoint run from its unpacked layers, on the image's own JRE and C library. Everything but the
 * first test reads the OCI archive, the deliverable ({@link OciArchiveTest} checks its layout); the first checks the
 * Docker archive Jib writes, from which the OCI archive is made.
 */
class ServiceImageTest {

    private static final Path PROJECT_DIR = Path.of(System.getProperty("dragoman.project.dir", "../.."));
    private static final String VERSION = System.getProperty("dragoman.image.version", "0.1.0-SNAPSHOT");
    private static final String RUNTIME_UID = "185";

    @TempDir
    Path work;

    @ParameterizedTest(name = "{0}")
    @CsvSource({"ingest-service, 8081", "nlp-service, 8082", "query-service, 8083"})
    void dockerArchiveIsWholeAndEveryLayerMatchesItsDigest(String service, int port) throws IOException {
        ImageArchive image = ImageArchive.open(dockerArchiveOf(service), work.resolve("archive"));

        assertEquals(List.of("dragoman/" + service + ":" + VERSION), image.repoTags());
        List<Path> layers = image.layerFiles();
        assertEquals(image.diffIds().size(), layers.size(), "one diff id per layer");
        for (int i = 0; i < layers.size(); i++) {
            assertTrue(Files.isRegularFile(layers.get(i)), "layer " + layers.get(i).getFileName() + " is in the archive");
            assertEquals(image.diffIds().get(i), ImageArchive.uncompressedDigest(layers.get(i)),
                    "layer " + i + " matches the digest in the config");
        }
        assertEquals("linux", image.config().get("os").asText());
        assertEquals("amd64", image.config().get("architecture").asText());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"ingest-service, 8081", "nlp-service, 8082", "query-service, 8083"})
    void configRunsTheQuarkusAppAsNonRootOnTheServicePort(String service, int port) throws IOException {
        JsonNode config = ImageArchive.openOci(ociArchiveOf(service), work.resolve("archive")).runtimeConfig();

        String user = config.get("User").asText();
        assertEquals(RUNTIME_UID, user, "numeric, so that runAsNonRoot can verify it");
        assertNotEquals(0, Integer.parseInt(user));

        List<String> entrypoint = texts(config.get("Entrypoint"));
        assertEquals("java", entrypoint.get(0));
        assertEquals(List.of("-jar", "quarkus-run.jar"), entrypoint.subList(entrypoint.size() - 2, entrypoint.size()));
        assertTrue(entrypoint.contains("-XX:MaxRAMPercentage=75"), "heap follows the container's memory limit: " + entrypoint);
        assertTrue(entrypoint.contains("-XX:+ExitOnOutOfMemoryError"), entrypoint.toString());
        assertTrue(entrypoint.contains("-Djava.util.logging.manager=org.jboss.logmanager.LogManager"), entrypoint.toString());
        assertTrue(config.path("Cmd").isMissingNode() || config.path("Cmd").isNull() || config.path("Cmd").isEmpty(),
                "no Cmd to append to the entrypoint: " + config.path("Cmd"));
        assertEquals("/deployments", config.get("WorkingDir").asText());
        assertTrue(texts(config.get("Env")).contains("JAVA_HOME=/opt/java"));

        List<String> ports = new ArrayList<>();
        config.get("ExposedPorts").fieldNames().forEachRemaining(ports::add);
        assertEquals(List.of(port + "/tcp"), ports);

        JsonNode labels = config.get("Labels");
        assertEquals("dragoman/" + service, labels.get("org.opencontainers.image.title").asText());
        assertEquals(VERSION, labels.get("org.opencontainers.image.version").asText());
        assertTrue(labels.get("dev.dragoman.base.java-version").asText().startsWith("17"),
                "the base's JRE is the Java the services are built for: " + labels);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"ingest-service, 8081", "nlp-service, 8082", "query-service, 8083"})
    void fileSystemHasTheAppAJreAUserAndAWritableTmp(String service, int port) throws IOException {
        ImageArchive image = ImageArchive.openOci(ociArchiveOf(service), work.resolve("archive"));
        Map<String, TarArchiveEntry> files = new java.util.HashMap<>();
        for (Path layer : image.layerFiles()) {
            files.putAll(ImageArchive.entries(layer));
        }

        for (String path : List.of("deployments/quarkus-run.jar", "deployments/quarkus/quarkus-application.dat",
                "opt/java/bin/java", "opt/java/lib/server/libjvm.so", "usr/lib/x86_64-linux-gnu/libc.so.6",
                "etc/passwd")) {
            assertTrue(files.containsKey(path), path + " is in the image");
        }
        assertTrue(files.keySet().stream().anyMatch(name -> name.startsWith("deployments/lib/main/")), "application jars");
        TarArchiveEntry tmp = files.get("tmp");
        assertTrue(tmp != null && tmp.isDirectory(), "/tmp exists (the chart mounts an emptyDir over it)");
        assertEquals(01777, tmp.getMode() & 07777, "/tmp is world-writable with the sticky bit");
        // The app is readable, not writable, by the runtime user: files belong to root, mode 644.
        TarArchiveEntry runJar = files.get("deployments/quarkus-run.jar");
        assertEquals(0, runJar.getLongUserId());
        assertEquals(0, runJar.getMode() & 0022, "no group/other write on the app");
        assertEquals(0444, runJar.getMode() & 0444, "readable by the runtime user");
    }

    /** The base: glibc's loader from the image starts the image's JRE with the image's libraries only. */
    @Test
    void imageJreRunsOnTheImageLibraries() throws Exception {
        Path root = unpack("query-service");

        Process java = new ProcessBuilder(imageJava(root, List.of("-version"))).redirectErrorStream(true).start();
        String output = new String(java.getInputStream().readAllBytes());
        assertTrue(java.waitFor(60, TimeUnit.SECONDS), "java -version finishes");
        assertEquals(0, java.exitValue(), output);
        assertTrue(output.contains("version \"17"), output);
        assertTrue(Files.readString(root.resolve("etc/passwd")).contains(":" + RUNTIME_UID + ":"),
                "the runtime user has an entry in /etc/passwd");
    }

    /**
     * The image's entrypoint, run from its working directory on the image's JRE, starts nlp-service (the one
     * service that needs neither PostgreSQL nor Elasticsearch) and answers its readiness check.
     */
    @Test
    void nlpServiceStartsFromItsImageEntrypoint() throws Exception {
        Path root = unpack("nlp-service");
        JsonNode config = ImageArchive.openOci(ociArchiveOf("nlp-service"), work.resolve("entrypoint")).runtimeConfig();
        List<String> entrypoint = texts(config.get("Entrypoint"));
        int port = freePort();

        // The entrypoint's own arguments after "java", with the port, a small heap for this shared machine and the
        // build's PostgreSQL (for the knowledge base) first.
        Backends backends = SharedBackends.get();
        List<String> arguments = new ArrayList<>(List.of("-Dquarkus.http.port=" + port, "-Xmx256m",
                "-Dquarkus.datasource.jdbc.url=" + backends.database("image_test"),
                "-Dquarkus.datasource.username=" + backends.postgresUser(),
                "-Dquarkus.datasource.password=" + backends.postgresPassword()));
        arguments.addAll(entrypoint.subList(1, entrypoint.size()));
        Path log = work.resolve("nlp-service.log");
        Process service = new ProcessBuilder(imageJava(root, arguments))
                .directory(root.resolve(config.get("WorkingDir").asText().substring(1)).toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(5)).build();
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (true) {
                assertTrue(service.isAlive(), () -> "nlp-service exited:\n" + read(log));
                try {
                    if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        break;
                    }
                } catch (IOException notYetListening) {
                    // still starting
                }
                if (System.nanoTime() > deadline) {
                    fail("nlp-service not ready within 120 s:\n" + read(log));
                }
                Thread.sleep(300);
            }
        } finally {
            service.destroy();
            if (!service.waitFor(20, TimeUnit.SECONDS)) {
                service.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        assertFalse(read(log).contains("ERROR"), read(log));
    }

    private Path unpack(String service) throws IOException, InterruptedException {
        ImageArchive image = ImageArchive.openOci(ociArchiveOf(service), work.resolve("archive-" + service));
        Path root = work.resolve("rootfs-" + service);
        image.unpackRootFileSystem(root);
        return root;
    }

    /**
     * The command that runs the image's {@code java} without a chroot: through the image's ELF interpreter, with the
     * image's library folder as the only place to look for shared libraries.
     */
    private static List<String> imageJava(Path root, List<String> arguments) {
        Path libraries = root.resolve("usr/lib/x86_64-linux-gnu");
        List<String> command = new ArrayList<>(List.of(libraries.resolve("ld-linux-x86-64.so.2").toString(),
                "--library-path", libraries.toString(), root.resolve("opt/java/bin/java").toString()));
        command.addAll(arguments);
        return command;
    }

    /** The Docker archive Jib writes at the service's package phase. */
    static Path dockerArchiveOf(String service) {
        Path tarball = PROJECT_DIR.resolve(service).resolve("target/dragoman-" + service + "-image.tar");
        assertTrue(Files.isRegularFile(tarball), tarball + " exists: build the images with ./mvnw package");
        return tarball;
    }

    /** The OCI archive made from it at this module's package phase (OciArchiveConverter). */
    static Path ociArchiveOf(String service) {
        Path tarball = PROJECT_DIR.resolve(service).resolve("target/dragoman-" + service + "-oci.tar");
        assertTrue(Files.isRegularFile(tarball), tarball + " exists: build it with ./mvnw package");
        return tarball;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    private static String read(Path log) {
        try {
            return Files.readString(log).lines().collect(Collectors.joining("\n"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
