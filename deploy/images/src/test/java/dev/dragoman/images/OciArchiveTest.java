package dev.dragoman.images;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static dev.dragoman.images.OciArchiveConverter.CONFIG_MEDIA_TYPE;
import static dev.dragoman.images.OciArchiveConverter.CONTAINERD_IMAGE_NAME;
import static dev.dragoman.images.OciArchiveConverter.GZIP_LAYER_MEDIA_TYPE;
import static dev.dragoman.images.OciArchiveConverter.INDEX_MEDIA_TYPE;
import static dev.dragoman.images.OciArchiveConverter.LAYER_MEDIA_TYPE;
import static dev.dragoman.images.OciArchiveConverter.MANIFEST_MEDIA_TYPE;
import static dev.dragoman.images.OciArchiveConverter.REF_NAME;
import static dev.dragoman.images.ServiceImageTest.dockerArchiveOf;
import static dev.dragoman.images.ServiceImageTest.ociArchiveOf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The OCI archives the build delivers ({@code <service>/target/dragoman-<service>-oci.tar}, made by
 * {@link OciArchiveConverter} from Jib's Docker archives): each is a valid OCI image layout whose index leads to a
 * manifest, a config and layers that are all present with the digests, sizes and media types the descriptors claim;
 * the image is the Docker archive's, unchanged; and the conversion gives the same bytes every time.
 */
class OciArchiveTest {

    private static final String VERSION = System.getProperty("dragoman.image.version", "0.1.0-SNAPSHOT");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    @ParameterizedTest(name = "{0}")
    @CsvSource({"ingest-service", "nlp-service", "query-service"})
    void archiveIsAnOciImageLayoutWhoseBlobsMatchTheirDescriptors(String service) throws IOException {
        Path layout = work.resolve("oci");
        ImageArchive.openOci(ociArchiveOf(service), layout);

        assertEquals(JSON.readTree("{\"imageLayoutVersion\":\"1.0.0\"}"), JSON.readTree(layout.resolve("oci-layout").toFile()));

        JsonNode index = JSON.readTree(layout.resolve("index.json").toFile());
        assertEquals(2, index.get("schemaVersion").asInt());
        assertEquals(INDEX_MEDIA_TYPE, index.get("mediaType").asText());
        assertEquals(1, index.get("manifests").size(), index.toString());
        JsonNode manifestDescriptor = index.get("manifests").get(0);
        assertEquals(MANIFEST_MEDIA_TYPE, manifestDescriptor.get("mediaType").asText());
        assertEquals(VERSION, manifestDescriptor.get("annotations").get(REF_NAME).asText());
        assertEquals("docker.io/dragoman/" + service + ":" + VERSION,
                manifestDescriptor.get("annotations").get(CONTAINERD_IMAGE_NAME).asText());
        assertEquals("linux", manifestDescriptor.get("platform").get("os").asText());
        assertEquals("amd64", manifestDescriptor.get("platform").get("architecture").asText());
        Set<Path> referenced = new TreeSet<>();
        referenced.add(assertBlobMatches(layout, manifestDescriptor));

        JsonNode manifest = JSON.readTree(ImageArchive.blob(layout, manifestDescriptor).toFile());
        assertEquals(2, manifest.get("schemaVersion").asInt());
        assertEquals(MANIFEST_MEDIA_TYPE, manifest.get("mediaType").asText());
        assertEquals(CONFIG_MEDIA_TYPE, manifest.get("config").get("mediaType").asText());
        referenced.add(assertBlobMatches(layout, manifest.get("config")));

        JsonNode config = JSON.readTree(ImageArchive.blob(layout, manifest.get("config")).toFile());
        JsonNode diffIds = config.get("rootfs").get("diff_ids");
        JsonNode layers = manifest.get("layers");
        assertTrue(layers.size() > 1, "the base and the application layers: " + layers);
        assertEquals(diffIds.size(), layers.size(), "one diff_id per layer");
        for (int i = 0; i < layers.size(); i++) {
            JsonNode layer = layers.get(i);
            Path blob = assertBlobMatches(layout, layer);
            referenced.add(blob);
            boolean gzip = isGzip(blob);
            assertEquals(gzip ? GZIP_LAYER_MEDIA_TYPE : LAYER_MEDIA_TYPE, layer.get("mediaType").asText(),
                    "layer " + i + "'s media type says whether it is compressed");
            String uncompressed = gzip ? ImageArchive.uncompressedDigest(blob) : ImageArchive.digest(blob);
            assertEquals(diffIds.get(i).asText(), uncompressed, "layer " + i + " is the one the config's diff_ids name");
        }

        try (Stream<Path> blobs = Files.list(layout.resolve("blobs/sha256"))) {
            assertEquals(referenced, new TreeSet<>(blobs.toList()), "every blob is referenced, none is missing");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"ingest-service, 8081", "nlp-service, 8082", "query-service, 8083"})
    void imageIsTheDockerArchivesUnchanged(String service, int port) throws IOException {
        ImageArchive docker = ImageArchive.open(dockerArchiveOf(service), work.resolve("docker"));
        ImageArchive oci = ImageArchive.openOci(ociArchiveOf(service), work.resolve("oci"));

        assertEquals(docker.config(), oci.config(), "the same config");
        Path dockerConfig = work.resolve("docker").resolve(JSON.readTree(work.resolve("docker/manifest.json").toFile())
                .get(0).get("Config").asText());
        JsonNode index = JSON.readTree(work.resolve("oci/index.json").toFile());
        JsonNode manifest = JSON.readTree(ImageArchive.blob(work.resolve("oci"), index.get("manifests").get(0)).toFile());
        assertArrayEquals(Files.readAllBytes(dockerConfig),
                Files.readAllBytes(ImageArchive.blob(work.resolve("oci"), manifest.get("config"))),
                "the config byte for byte, so the image id (the config's digest) stays the same");
        assertEquals(docker.layerFiles().size(), oci.layerFiles().size());
        for (int i = 0; i < docker.layerFiles().size(); i++) {
            assertEquals(ImageArchive.digest(docker.layerFiles().get(i)), ImageArchive.digest(oci.layerFiles().get(i)),
                    "layer " + i + " byte for byte");
        }

        JsonNode runtime = oci.runtimeConfig();
        assertEquals("185", runtime.get("User").asText());
        assertEquals("java", runtime.get("Entrypoint").get(0).asText());
        assertEquals("quarkus-run.jar", runtime.get("Entrypoint").get(runtime.get("Entrypoint").size() - 1).asText());
        List<String> ports = new ArrayList<>();
        runtime.get("ExposedPorts").fieldNames().forEachRemaining(ports::add);
        assertEquals(docker.runtimeConfig().get("ExposedPorts"), runtime.get("ExposedPorts"));
        assertEquals(List.of(port + "/tcp"), ports);
    }

    /** Converting the same Docker archive twice gives the same bytes, and the same as the build's OCI archive. */
    @Test
    void conversionIsDeterministic() throws IOException {
        Path first = work.resolve("first.tar");
        Path second = work.resolve("second.tar");
        OciArchiveConverter.convert(dockerArchiveOf("nlp-service"), first);
        OciArchiveConverter.convert(dockerArchiveOf("nlp-service"), second);

        assertEquals(Files.size(first), Files.size(second));
        assertEquals(-1L, Files.mismatch(first, second), "identical bytes");
        assertEquals(-1L, Files.mismatch(first, ociArchiveOf("nlp-service")), "the build's archive is the same");
        try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(first))) {
            List<String> names = new ArrayList<>();
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                names.add(entry.getName());
                assertEquals(0L, entry.getModTime().getTime(), entry.getName() + " modification time");
                assertEquals(0L, entry.getLongUserId(), entry.getName() + " owner");
                assertEquals(0L, entry.getLongGroupId(), entry.getName() + " group");
            }
            assertEquals(List.of("oci-layout", "index.json", "blobs/", "blobs/sha256/"), names.subList(0, 4));
        }
    }

    @Test
    void referencesAreNamedAsContainerdNamesThem() {
        assertEquals("docker.io/dragoman/nlp-service:1.0", OciArchiveConverter.fullyQualified("dragoman/nlp-service:1.0"));
        assertEquals("docker.io/library/alpine:3", OciArchiveConverter.fullyQualified("alpine:3"));
        assertEquals("registry.example.org:5000/dragoman/x:1", OciArchiveConverter.fullyQualified("registry.example.org:5000/dragoman/x:1"));
        assertEquals("localhost/x:1", OciArchiveConverter.fullyQualified("localhost/x:1"));
        assertEquals("0.1.0-SNAPSHOT", OciArchiveConverter.tag("dragoman/nlp-service:0.1.0-SNAPSHOT"));
        assertEquals("latest", OciArchiveConverter.tag("registry.example.org:5000/dragoman/x"));
    }

    /** Checks a descriptor's blob exists with the size and sha256 the descriptor gives, and returns it. */
    private static Path assertBlobMatches(Path layout, JsonNode descriptor) throws IOException {
        Path blob = ImageArchive.blob(layout, descriptor);
        assertTrue(Files.isRegularFile(blob), blob + " is in the layout");
        assertEquals(descriptor.get("size").asLong(), Files.size(blob), "size of " + descriptor);
        assertEquals(descriptor.get("digest").asText(), ImageArchive.digest(blob), "digest of " + descriptor);
        return blob;
    }

    private static boolean isGzip(Path blob) throws IOException {
        try (InputStream in = Files.newInputStream(blob)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }
}
