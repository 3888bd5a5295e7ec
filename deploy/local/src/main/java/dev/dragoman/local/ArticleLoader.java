package dev.dragoman.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** Submits a folder of article files to ingest-service, choosing the content type from each file's ending. */
public final class ArticleLoader {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String ingestUrl;

    public ArticleLoader(String ingestUrl) {
        this.ingestUrl = ingestUrl;
    }

    /** The answer of ingest-service for one file. */
    public record Result(Path file, int status, String body) {
    }

    public List<Result> loadFolder(Path folder) throws IOException, InterruptedException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(folder)) {
            files = listing.filter(Files::isRegularFile).sorted().toList();
        }
        List<Result> results = new ArrayList<>();
        for (Path file : files) {
            results.add(load(file));
        }
        return results;
    }

    public Result load(Path file) throws IOException, InterruptedException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        String path = "/api/v1/articles";
        String type = "text/plain; charset=UTF-8";
        if (name.endsWith(".ndjson") || name.endsWith(".jsonl")) {
            path = "/api/v1/articles/batch";
            type = "application/x-ndjson";
        } else if (name.endsWith(".json")) {
            type = "application/json";
        } else if (name.endsWith(".html") || name.endsWith(".htm")) {
            type = "text/html; charset=UTF-8";
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(ingestUrl + path))
                .timeout(Duration.ofMinutes(5))
                .header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofFile(file))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Result(file, response.statusCode(), response.body());
    }
}
