package dev.dragoman.images;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarFile;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns an image archive in the format of {@code docker save} (what Jib hands to an engine's {@code load}, kept as a
 * file by {@code deploy/base-image/image-to-tarball.sh}) into an OCI image-layout archive, the format of
 * {@code skopeo copy ... oci-archive:}, {@code ctr images import} and {@code podman load}.
 *
 * <p>The image itself is unchanged: the config and the layer blobs are copied byte for byte, so the config digest (the
 * image id) and the layers' digests stay those of the Docker archive; only a manifest, an index and the
 * {@code oci-layout} marker are added. The output is deterministic: fixed entry order, every entry owned by 0:0 with
 * modification time 0, so the same Docker archive always gives the same bytes.
 *
 * <p>Usage: {@code OciArchiveConverter <docker-archive> <oci-archive> [<docker-archive> <oci-archive> ...]}.
 */
public final class OciArchiveConverter {

    public static final String OCI_LAYOUT = "oci-layout";
    public static final String INDEX = "index.json";
    public static final String BLOBS = "blobs/sha256/";
    public static final String INDEX_MEDIA_TYPE = "application/vnd.oci.image.index.v1+json";
    public static final String MANIFEST_MEDIA_TYPE = "application/vnd.oci.image.manifest.v1+json";
    public static final String CONFIG_MEDIA_TYPE = "application/vnd.oci.image.config.v1+json";
    public static final String LAYER_MEDIA_TYPE = "application/vnd.oci.image.layer.v1.tar";
    public static final String GZIP_LAYER_MEDIA_TYPE = "application/vnd.oci.image.layer.v1.tar+gzip";
    public static final String REF_NAME = "org.opencontainers.image.ref.name";
    public static final String CONTAINERD_IMAGE_NAME = "io.containerd.image.name";

    private static final ObjectMapper JSON = new ObjectMapper();

    private OciArchiveConverter() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 0 || args.length % 2 != 0) {
            throw new IllegalArgumentException(
                    "usage: OciArchiveConverter <docker-archive> <oci-archive> [<docker-archive> <oci-archive> ...]");
        }
        for (int i = 0; i < args.length; i += 2) {
            Path docker = Path.of(args[i]);
            Path oci = Path.of(args[i + 1]);
            if (!Files.isRegularFile(docker)) {
                throw new IOException(docker + " does not exist: the service's image is built at its package phase "
                        + "(not with -Ddragoman.images.skip or -Dquarkus.container-image.build=false)");
            }
            long started = System.nanoTime();
            convert(docker, oci);
            System.out.printf("[OCI] %s -> %s (%,d bytes, %d ms)%n", docker, oci, Files.size(oci),
                    (System.nanoTime() - started) / 1_000_000);
        }
    }

    /** Writes the OCI image-layout archive of the single image in {@code dockerArchive} to {@code ociArchive}. */
    public static void convert(Path dockerArchive, Path ociArchive) throws IOException {
        Path parent = ociArchive.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path partial = parent.resolve(ociArchive.getFileName() + ".partial");
        try (TarFile in = new TarFile(dockerArchive)) {
            Map<String, TarArchiveEntry> entries = new LinkedHashMap<>();
            for (TarArchiveEntry entry : in.getEntries()) {
                entries.put(entry.getName().replaceFirst("^\\./", ""), entry);
            }
            JsonNode manifests = JSON.readTree(read(in, entries, "manifest.json"));
            if (!manifests.isArray() || manifests.size() != 1) {
                throw new IOException(dockerArchive + ": manifest.json must describe exactly one image: " + manifests);
            }
            JsonNode dockerManifest = manifests.get(0);

            // The config, verbatim: its digest is the image id, and its diff_ids name the uncompressed layers.
            byte[] config = read(in, entries, dockerManifest.path("Config").asText());
            JsonNode configJson = JSON.readTree(config);
            List<String> layerNames = new ArrayList<>();
            dockerManifest.path("Layers").forEach(layer -> layerNames.add(layer.asText()));
            int diffIds = configJson.path("rootfs").path("diff_ids").size();
            if (layerNames.isEmpty() || diffIds != layerNames.size()) {
                throw new IOException(dockerArchive + ": " + layerNames.size() + " layers but " + diffIds
                        + " diff_ids in the config");
            }

            List<Blob> layers = new ArrayList<>();
            for (String name : layerNames) {
                layers.add(layer(in, entry(entries, name)));
            }
            Blob configBlob = new Blob(digest(config), config.length, CONFIG_MEDIA_TYPE, null);

            ObjectNode manifest = JSON.createObjectNode();
            manifest.put("schemaVersion", 2);
            manifest.put("mediaType", MANIFEST_MEDIA_TYPE);
            manifest.set("config", configBlob.descriptor());
            ArrayNode layerDescriptors = manifest.putArray("layers");
            layers.forEach(layer -> layerDescriptors.add(layer.descriptor()));
            byte[] manifestBytes = JSON.writeValueAsBytes(manifest);
            Blob manifestBlob = new Blob(digest(manifestBytes), manifestBytes.length, MANIFEST_MEDIA_TYPE, null);

            ObjectNode index = JSON.createObjectNode();
            index.put("schemaVersion", 2);
            index.put("mediaType", INDEX_MEDIA_TYPE);
            ObjectNode descriptor = manifestBlob.descriptor();
            ObjectNode platform = descriptor.putObject("platform");
            platform.put("architecture", configJson.path("architecture").asText("amd64"));
            platform.put("os", configJson.path("os").asText("linux"));
            JsonNode repoTags = dockerManifest.path("RepoTags");
            if (repoTags.size() > 0) {
                String reference = repoTags.get(0).asText();
                ObjectNode annotations = descriptor.putObject("annotations");
                annotations.put(CONTAINERD_IMAGE_NAME, fullyQualified(reference));
                annotations.put(REF_NAME, tag(reference));
            }
            index.putArray("manifests").add(descriptor);

            try (TarArchiveOutputStream out = new TarArchiveOutputStream(
                    new BufferedOutputStream(Files.newOutputStream(partial), 1 << 16))) {
                out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                writeFile(out, OCI_LAYOUT, "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
                writeFile(out, INDEX, JSON.writeValueAsBytes(index));
                writeDirectory(out, "blobs/");
                writeDirectory(out, BLOBS);
                Set<String> written = new HashSet<>();
                written.add(manifestBlob.digest());
                writeFile(out, BLOBS + hex(manifestBlob.digest()), manifestBytes);
                if (written.add(configBlob.digest())) {
                    writeFile(out, BLOBS + hex(configBlob.digest()), config);
                }
                for (Blob layer : layers) {
                    if (written.add(layer.digest())) {
                        TarArchiveEntry entry = entry(BLOBS + hex(layer.digest()), layer.size());
                        out.putArchiveEntry(entry);
                        try (InputStream blob = in.getInputStream(layer.source())) {
                            blob.transferTo(out);
                        }
                        out.closeArchiveEntry();
                    }
                }
                out.finish();
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        Files.move(partial, ociArchive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** {@code dragoman/nlp-service:1.0} → {@code docker.io/dragoman/nlp-service:1.0}, as containerd names images. */
    static String fullyQualified(String reference) {
        int slash = reference.indexOf('/');
        String first = slash < 0 ? "" : reference.substring(0, slash);
        if (slash < 0) {
            return "docker.io/library/" + reference;
        }
        if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
            return reference;
        }
        return "docker.io/" + reference;
    }

    /** The tag of a reference ({@code latest} when it has none). */
    static String tag(String reference) {
        int colon = reference.lastIndexOf(':');
        return colon > reference.lastIndexOf('/') ? reference.substring(colon + 1) : "latest";
    }

    private static Blob layer(TarFile in, TarArchiveEntry entry) throws IOException {
        MessageDigest sha256 = sha256();
        byte[] head = new byte[2];
        long size = 0;
        try (InputStream blob = new DigestInputStream(in.getInputStream(entry), sha256)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = blob.read(buffer)) > 0; ) {
                for (int i = 0; i < n && size + i < 2; i++) {
                    head[(int) size + i] = buffer[i];
                }
                size += n;
            }
        }
        boolean gzip = size >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b;
        return new Blob("sha256:" + java.util.HexFormat.of().formatHex(sha256.digest()), size,
                gzip ? GZIP_LAYER_MEDIA_TYPE : LAYER_MEDIA_TYPE, entry);
    }

    private static TarArchiveEntry entry(Map<String, TarArchiveEntry> entries, String name) throws IOException {
        TarArchiveEntry entry = entries.get(name.replaceFirst("^\\./", ""));
        if (entry == null || !entry.isFile()) {
            throw new IOException("no file " + name + " in the Docker archive");
        }
        return entry;
    }

    private static byte[] read(TarFile in, Map<String, TarArchiveEntry> entries, String name) throws IOException {
        try (InputStream stream = in.getInputStream(entry(entries, name))) {
            return stream.readAllBytes();
        }
    }

    private static void writeFile(TarArchiveOutputStream out, String name, byte[] content) throws IOException {
        out.putArchiveEntry(entry(name, content.length));
        out.write(content);
        out.closeArchiveEntry();
    }

    private static void writeDirectory(TarArchiveOutputStream out, String name) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        normalize(entry, 040755);
        out.putArchiveEntry(entry);
        out.closeArchiveEntry();
    }

    private static TarArchiveEntry entry(String name, long size) {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(size);
        normalize(entry, 0100644);
        return entry;
    }

    private static void normalize(TarArchiveEntry entry, int mode) {
        entry.setMode(mode);
        entry.setModTime(0L);
        entry.setUserId(0);
        entry.setGroupId(0);
        entry.setUserName("");
        entry.setGroupName("");
    }

    static String digest(byte[] content) {
        return "sha256:" + java.util.HexFormat.of().formatHex(sha256().digest(content));
    }

    private static String hex(String digest) {
        return digest.substring("sha256:".length());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Blob(String digest, long size, String mediaType, TarArchiveEntry source) {
        ObjectNode descriptor() {
            ObjectNode descriptor = JSON.createObjectNode();
            descriptor.put("mediaType", mediaType);
            descriptor.put("digest", digest);
            descriptor.put("size", size);
            return descriptor;
        }
    }
}
