package dev.dragoman.ingest.service;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dragoman.common.problem.ProblemException;
import dev.dragoman.ingest.config.IngestConfig;
import dev.dragoman.ingest.model.ArticleJson;
import dev.dragoman.ingest.model.BatchProgress;
import dev.dragoman.ingest.model.BatchResult;
import dev.dragoman.ingest.repository.ArticleStatus;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * NDJSON batches, streamed: lines are read one at a time (a line over max-article-bytes is refused without being
 * held), parsed, and stored in chunks with one {@code INSERT ... ON CONFLICT DO NOTHING} each; the per-line answer is
 * written as each chunk is stored. Memory stays bounded by one chunk whatever the batch's size.
 */
@ApplicationScoped
public class BatchService {

    /** A line of the batch after parsing: an article to store, or the problem that refused it. */
    private record Parsed(int line, ParsedArticle article, ProblemException problem) {
    }

    private final AgroalDataSource dataSource;
    private final ObjectMapper json;
    private final IngestConfig config;
    private final ArticlePipeline pipeline;

    public BatchService(AgroalDataSource dataSource, ObjectMapper json, IngestConfig config, ArticlePipeline pipeline) {
        this.pipeline = pipeline;
        this.dataSource = dataSource;
        this.json = json;
        this.config = config;
    }

    /** A batch whose first line was read: it has content, and its answer can be streamed. */
    public final class OpenBatch {
        private final LineReader lines;
        private final byte[] first;
        private final int firstLine;
        private final UUID id = UUID.randomUUID();

        private OpenBatch(LineReader lines, byte[] first, int firstLine) {
            this.lines = lines;
            this.first = first;
            this.firstLine = firstLine;
        }

        public UUID id() {
            return id;
        }

        /** Stores the batch chunk by chunk and writes the answer: {batchId, items: [...], accepted, duplicates, rejected}. */
        public void write(OutputStream out) throws IOException {
            QuarkusTransaction.requiringNew().run(() -> execute(
                    "INSERT INTO ingest_batch (id, created_at) VALUES (?, now())", id));
            Tally tally = new Tally();
            try (JsonGenerator generator = json.getFactory().createGenerator(out)) {
                generator.writeStartObject();
                generator.writeStringField("batchId", id.toString());
                generator.writeArrayFieldStart("items");
                List<Parsed> chunk = new ArrayList<>();
                long chunkBytes = 0;
                byte[] line = first;
                int number = firstLine;
                while (line != null) {
                    if (line.length > 0 || lines.lastWasTooLong()) {
                        chunk.add(parse(number, line, lines.lastWasTooLong()));
                        chunkBytes += line.length;
                    }
                    if (chunk.size() >= config.batchChunkLines() || chunkBytes >= config.batchChunkBytes()) {
                        tally.write(generator, store(chunk, id));
                        generator.flush();
                        chunk.clear();
                        chunkBytes = 0;
                    }
                    try {
                        line = lines.next();
                        number = lines.number();
                    } catch (ProblemException tooLarge) {
                        // what came before is stored and answered; the rest of the batch is refused as one item
                        tally.write(generator, store(chunk, id));
                        chunk.clear();
                        tally.write(generator, List.of(new BatchResult.Line(lines.number() + 1, null, null, null,
                                tooLarge.toProblem())));
                        line = null;
                    }
                }
                tally.write(generator, store(chunk, id));
                generator.writeEndArray();
                generator.writeNumberField("accepted", tally.accepted);
                generator.writeNumberField("duplicates", tally.duplicates);
                generator.writeNumberField("rejected", tally.rejected);
                generator.writeEndObject();
            } finally {
                int a = tally.accepted, d = tally.duplicates, r = tally.rejected, t = tally.total;
                QuarkusTransaction.requiringNew().run(() -> execute("""
                        UPDATE ingest_batch SET lines = ?, accepted = ?, duplicates = ?, rejected = ?, finished_at = now()
                        WHERE id = ?""", t, a, d, r, id));
            }
        }
    }

    /** The batch's counts so far, kept while its answer is written. */
    private static final class Tally {
        int accepted;
        int duplicates;
        int rejected;
        int total;

        void write(JsonGenerator generator, List<BatchResult.Line> answers) throws IOException {
            for (BatchResult.Line answer : answers) {
                generator.writeObject(answer);
                if (answer.error() != null) {
                    rejected++;
                } else if (Boolean.TRUE.equals(answer.duplicate())) {
                    duplicates++;
                } else {
                    accepted++;
                }
                total++;
            }
        }
    }

    /**
     * Reads up to the first non-blank line: a batch with none is a 400 before anything is answered, so the answer
     * that follows can be streamed.
     */
    public OpenBatch open(InputStream body) {
        LineReader lines = new LineReader(new BufferedInputStream(body, 64 * 1024), config.maxArticleBytes(),
                config.maxBatchBytes());
        try {
            byte[] line;
            while ((line = lines.next()) != null) {
                if (line.length > 0 || lines.lastWasTooLong()) {
                    return new OpenBatch(lines, line, lines.number());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw ProblemException.badRequest("Empty article", "the batch is empty: it has no lines; send one JSON article per line");
    }

    private Parsed parse(int number, byte[] line, boolean tooLong) {
        if (tooLong) {
            return new Parsed(number, null, new ProblemException(413, "Article too large", "the line has more than "
                    + config.maxArticleBytes() + " bytes (dragoman.ingest.max-article-bytes)"));
        }
        String text = new String(line, StandardCharsets.UTF_8);
        if (text.isBlank()) {
            return new Parsed(number, null, null);
        }
        try {
            return new Parsed(number, ArticleParser.fromJson(readJson(text)), null);
        } catch (ProblemException e) {
            return new Parsed(number, null, e);
        }
    }

    private ArticleJson readJson(String text) {
        try {
            return json.readValue(text, ArticleJson.class);
        } catch (JsonProcessingException e) {
            throw ProblemException.badRequest("Invalid JSON", "not a valid JSON article: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (column " + e.getLocation().getColumnNr() + ")"));
        }
    }

    /** Stores a chunk in one transaction and answers each of its lines, in order. */
    private List<BatchResult.Line> store(List<Parsed> chunk, UUID batchId) {
        List<Parsed> lines = chunk.stream().filter(p -> p.article() != null || p.problem() != null).toList();
        List<Parsed> articles = lines.stream().filter(p -> p.article() != null).toList();
        Map<String, UUID> inserted = new HashMap<>();
        Map<String, Existing> existing = new HashMap<>();
        if (!articles.isEmpty()) {
            QuarkusTransaction.requiringNew().run(() -> insert(articles, batchId, inserted, existing));
            if (!inserted.isEmpty()) {
                pipeline.arrived();
            }
        }
        List<BatchResult.Line> answers = new ArrayList<>(lines.size());
        Set<String> answeredAsNew = new HashSet<>();
        for (Parsed p : lines) {
            if (p.problem() != null) {
                answers.add(new BatchResult.Line(p.line(), null, null, null, p.problem().toProblem()));
                continue;
            }
            String hash = p.article().contentHash();
            UUID id = inserted.get(hash);
            if (id != null && answeredAsNew.add(hash)) {
                answers.add(new BatchResult.Line(p.line(), id, ArticleStatus.RECEIVED, false, null));
            } else if (id != null) {
                answers.add(new BatchResult.Line(p.line(), id, ArticleStatus.RECEIVED, true, null));
            } else {
                Existing old = existing.get(hash);
                answers.add(new BatchResult.Line(p.line(), old.id(), old.status(), true, null));
            }
        }
        return answers;
    }

    private record Existing(UUID id, ArticleStatus status) {
    }

    private void insert(List<Parsed> articles, UUID batchId, Map<String, UUID> inserted, Map<String, Existing> existing) {
        int n = articles.size();
        Object[] ids = new Object[n];
        String[] hashes = new String[n];
        String[] titles = new String[n];
        String[] bodies = new String[n];
        String[] datelines = new String[n];
        String[] published = new String[n];
        String[] estimated = new String[n];
        String[] sources = new String[n];
        String[] urls = new String[n];
        for (int i = 0; i < n; i++) {
            ParsedArticle a = articles.get(i).article();
            ids[i] = UUID.randomUUID();
            hashes[i] = a.contentHash();
            titles[i] = a.title();
            bodies[i] = a.body();
            datelines[i] = a.dateline();
            published[i] = a.publishedAt() == null ? null : a.publishedAt().toString();
            estimated[i] = Boolean.toString(a.publishedAtEstimated());
            sources[i] = a.source();
            urls[i] = a.url();
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("""
                     WITH input AS (
                       SELECT * FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::timestamptz[],
                                            ?::boolean[], ?::text[], ?::text[])
                         AS t(id, content_hash, title, body, dateline, published_at, published_at_estimated, source, url)),
                     stored AS (
                       INSERT INTO article (id, content_hash, title, body, dateline, published_at, published_at_estimated,
                                            source, url, status, next_attempt_at, created_at, updated_at, batch_id)
                       SELECT id, content_hash, title, body, dateline, published_at, published_at_estimated, source, url,
                              'RECEIVED', now(), now(), now(), ? FROM input
                       ON CONFLICT (content_hash) DO NOTHING
                       RETURNING id, content_hash),
                     recorded AS (
                       INSERT INTO article_event (article_id, type, detail, at) SELECT id, 'RECEIVED', NULL, now() FROM stored)
                     SELECT id, content_hash FROM stored""")) {
            insert.setArray(1, connection.createArrayOf("uuid", ids));
            insert.setArray(2, connection.createArrayOf("text", hashes));
            insert.setArray(3, connection.createArrayOf("text", titles));
            insert.setArray(4, connection.createArrayOf("text", bodies));
            insert.setArray(5, connection.createArrayOf("text", datelines));
            insert.setArray(6, connection.createArrayOf("text", published));
            insert.setArray(7, connection.createArrayOf("text", estimated));
            insert.setArray(8, connection.createArrayOf("text", sources));
            insert.setArray(9, connection.createArrayOf("text", urls));
            insert.setObject(10, batchId);
            try (ResultSet rows = insert.executeQuery()) {
                while (rows.next()) {
                    inserted.put(rows.getString(2), rows.getObject(1, UUID.class));
                }
            }
            List<String> others = new ArrayList<>();
            for (String hash : hashes) {
                if (!inserted.containsKey(hash)) {
                    others.add(hash);
                }
            }
            if (!others.isEmpty()) {
                try (PreparedStatement select = connection.prepareStatement(
                        "SELECT content_hash, id, status FROM article WHERE content_hash = ANY(?)")) {
                    select.setArray(1, connection.createArrayOf("text", others.toArray()));
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            existing.put(rows.getString(1), new Existing(rows.getObject(2, UUID.class),
                                    ArticleStatus.valueOf(rows.getString(3))));
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("storing a batch chunk failed: " + e.getMessage(), e);
        }
    }

    private void execute(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Live progress of a batch: its articles by state, the rate at which they are indexed, and an estimate. */
    public Optional<BatchProgress> progress(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection connection = dataSource.getConnection();
                 PreparedStatement batch = connection.prepareStatement(
                         "SELECT created_at, finished_at, lines, accepted, duplicates, rejected FROM ingest_batch WHERE id = ?");
                 PreparedStatement states = connection.prepareStatement("""
                         SELECT status, count(*), max(indexed_at) FROM article WHERE batch_id = ? GROUP BY status""")) {
                batch.setObject(1, id);
                Instant created;
                Instant finished;
                int lines;
                int accepted;
                int duplicates;
                int rejected;
                try (ResultSet row = batch.executeQuery()) {
                    if (!row.next()) {
                        return Optional.empty();
                    }
                    created = row.getTimestamp(1).toInstant();
                    Timestamp end = row.getTimestamp(2);
                    finished = end == null ? null : end.toInstant();
                    lines = row.getInt(3);
                    accepted = row.getInt(4);
                    duplicates = row.getInt(5);
                    rejected = row.getInt(6);
                }
                states.setObject(1, id);
                Map<ArticleStatus, Long> byStatus = new EnumMap<>(ArticleStatus.class);
                Instant lastIndexed = null;
                try (ResultSet rows = states.executeQuery()) {
                    while (rows.next()) {
                        ArticleStatus status = ArticleStatus.valueOf(rows.getString(1));
                        byStatus.put(status, rows.getLong(2));
                        Timestamp at = rows.getTimestamp(3);
                        if (at != null && (lastIndexed == null || at.toInstant().isAfter(lastIndexed))) {
                            lastIndexed = at.toInstant();
                        }
                    }
                }
                return Optional.of(BatchProgress.of(id, created, finished, lines, accepted, duplicates, rejected,
                        byStatus, lastIndexed, Instant.now()));
            } catch (SQLException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        });
    }

    /** Reads NDJSON lines as bytes, one at a time, never holding more than the article limit of one line. */
    static final class LineReader {
        private final InputStream in;
        private final int maxLine;
        private final long maxTotal;
        private long total;
        private int number;
        private boolean tooLong;
        private boolean ended;

        LineReader(InputStream in, int maxLine, long maxTotal) {
            this.in = in;
            this.maxLine = maxLine;
            this.maxTotal = maxTotal;
        }

        /** The next line without its end (\n or \r\n), or null at the end; a line over the limit comes back empty. */
        byte[] next() throws IOException {
            if (ended) {
                return null;
            }
            ByteArrayOutputStream line = new ByteArrayOutputStream(1024);
            tooLong = false;
            int c;
            boolean any = false;
            while ((c = in.read()) != -1) {
                any = true;
                if (++total > maxTotal) {
                    throw new ProblemException(413, "Batch too large", "the batch has more than " + maxTotal
                            + " bytes (dragoman.ingest.max-batch-bytes); the lines before were stored");
                }
                if (c == '\n') {
                    break;
                }
                if (line.size() < maxLine) {
                    line.write(c);
                } else {
                    tooLong = true;
                }
            }
            if (c == -1) {
                ended = true;
                if (!any) {
                    return null;
                }
            }
            number++;
            if (tooLong) {
                return new byte[0];
            }
            byte[] bytes = line.toByteArray();
            int length = bytes.length;
            if (length > 0 && bytes[length - 1] == '\r') {
                return java.util.Arrays.copyOf(bytes, length - 1);
            }
            return bytes;
        }

        int number() {
            return number;
        }

        boolean lastWasTooLong() {
            return tooLong;
        }
    }
}
