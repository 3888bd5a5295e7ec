package dev.dragoman.images;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

/**
 * An image archive, read with nothing but the JDK, Jackson and commons-compress: either in the format of
 * {@code docker save} (what Jib writes for an engine's {@code load}: {@code manifest.json}, the image config and one
 * gzipped tar per layer) or an OCI image layout ({@code oci-layout}, {@code index.json}, {@code blobs/sha256/...}),
 * which {@link OciArchiveConverter} makes from the former.
 */
final class ImageArchive {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> repoTags;
    private final List<Path> layerFiles;
    private final JsonNode config;

    private ImageArchive(List<String> repoTags, List<Path> layerFiles, JsonNode config) {
        this.repoTags = repoTags;
        this.layerFiles = layerFiles;
        this.config = config;
    }

    /** Unpacks the outer Docker archive (not the layers) into {@code directory} and reads its manifest and config. */
    static ImageArchive open(Path tarball, Path directory) throws IOException {
        unpack(tarball, directory, false);
        JsonNode manifest = JSON.readTree(directory.resolve("manifest.json").toFile());
        if (!manifest.isArray() || manifest.size() != 1) {
            throw new IOException("manifest.json must describe exactly one image: " + manifest);
        }
        JsonNode config = JSON.readTree(directory.resolve(manifest.get(0).get("Config").asText()).toFile());
        return new ImageArchive(texts(manifest.get(0).get("RepoTags")),
                texts(manifest.get(0).get("Layers")).stream().map(directory::resolve).toList(), config);
    }

    /**
     * Unpacks an OCI image-layout archive into {@code directory} and follows its single index entry to the manifest,
     * the config and the layers; the "repo tag" is the index entry's {@code io.containerd.image.name} annotation.
     */
    static ImageArchive openOci(Path tarball, Path directory) throws IOException {
        unpack(tarball, directory, true);
        JsonNode index = JSON.readTree(directory.resolve("index.json").toFile());
        if (index.path("manifests").size() != 1) {
            throw new IOException("index.json must describe exactly one image: " + index);
        }
        JsonNode descriptor = index.get("manifests").get(0);
        JsonNode manifest = JSON.readTree(blob(directory, descriptor).toFile());
        JsonNode config = JSON.readTree(blob(directory, manifest.get("config")).toFile());
        List<Path> layers = new ArrayList<>();
        for (JsonNode layer : manifest.path("layers")) {
            layers.add(blob(directory, layer));
        }
        List<String> names = new ArrayList<>();
        JsonNode name = descriptor.path("annotations").path(OciArchiveConverter.CONTAINERD_IMAGE_NAME);
        if (name.isTextual()) {
            names.add(name.asText());
        }
        return new ImageArchive(names, layers, config);
    }

    /** Where a descriptor's blob lies in an unpacked OCI layout. */
    static Path blob(Path layout, JsonNode descriptor) {
        String digest = descriptor.get("digest").asText();
        if (!digest.matches("sha256:[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a sha256 digest: " + digest);
        }
        return layout.resolve("blobs/sha256").resolve(digest.substring("sha256:".length()));
    }

    private static void unpack(Path tarball, Path directory, boolean directories) throws IOException {
        Files.createDirectories(directory);
        try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(tarball))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                Path target = directory.resolve(entry.getName()).normalize();
                if (!target.startsWith(directory)) {
                    throw new IOException("entry outside the archive: " + entry.getName());
                }
                if (directories && entry.isDirectory()) {
                    Files.createDirectories(target);
                } else if (entry.isFile()) {
                    Files.createDirectories(target.getParent());
                    Files.copy(tar, target);
                } else {
                    throw new IOException("unexpected entry in an image archive: " + entry.getName());
                }
            }
        }
    }

    List<String> repoTags() {
        return repoTags;
    }

    List<Path> layerFiles() {
        return layerFiles;
    }

    /** The uncompressed layers' digests the config promises, in order ({@code sha256:...}). */
    List<String> diffIds() {
        return texts(config.path("rootfs").get("diff_ids"));
    }

    /** The runtime part of the config: User, Entrypoint, Cmd, Env, ExposedPorts, Labels, WorkingDir. */
    JsonNode runtimeConfig() {
        return config.get("config");
    }

    JsonNode config() {
        return config;
    }

    static String uncompressedDigest(Path gzippedLayer) throws IOException {
        try (InputStream in = new DigestInputStream(new GZIPInputStream(Files.newInputStream(gzippedLayer)), sha256())) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return "sha256:" + HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        }
    }

    /** The sha256 of a file as it is ({@code sha256:...}). */
    static String digest(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha256())) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return "sha256:" + HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        }
    }

    /** Every entry of a layer by path (without a leading "./" or "/"), with its mode and owner. */
    static Map<String, TarArchiveEntry> entries(Path gzippedLayer) throws IOException {
        Map<String, TarArchiveEntry> entries = new LinkedHashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(Files.newInputStream(gzippedLayer)))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                String name = entry.getName().replaceFirst("^\\./", "").replaceFirst("^/", "").replaceFirst("/$", "");
                entries.put(name, entry);
            }
        }
        return entries;
    }

    /**
     * The image's root file system: every layer unpacked in order into {@code root}, with the system tar so that
     * symbolic links and modes come out as a container runtime would make them. (The images have no whiteouts.)
     */
    void unpackRootFileSystem(Path root) throws IOException, InterruptedException {
        Files.createDirectories(root);
        for (Path layer : layerFiles()) {
            Process tar = new ProcessBuilder("tar", "-C", root.toString(), "--no-same-owner", "-xzf", layer.toString())
                    .redirectErrorStream(true).start();
            String output = new String(tar.getInputStream().readAllBytes());
            if (!tar.waitFor(120, TimeUnit.SECONDS) || tar.exitValue() != 0) {
                throw new IOException("tar could not unpack " + layer + ": " + output);
            }
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        if (array != null) {
            array.forEach(node -> texts.add(node.asText()));
        }
        return texts;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
