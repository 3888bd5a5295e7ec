package dev.dragoman.nlp.ner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads CoNLL-format files: token in the first column, gold tag in the last, blank lines between sentences,
 * {@code -DOCSTART-} lines anywhere (even last, without a final newline). Tags come back in IOB2.
 */
public final class ConllCorpus {

    public record Sentence(List<String> words, List<String> tags) {
    }

    private ConllCorpus() {
    }

    public static List<Sentence> read(Path file) throws IOException {
        List<Sentence> sentences = new ArrayList<>();
        readDocuments(file).forEach(sentences::addAll);
        return sentences;
    }

    /**
     * The sentences grouped into documents: a {@code -DOCSTART-} line closes the document before it (a file without
     * any is one document).
     */
    public static List<List<Sentence>> readDocuments(Path file) throws IOException {
        List<List<Sentence>> documents = new ArrayList<>();
        List<Sentence> sentences = new ArrayList<>();
        List<String> words = new ArrayList<>();
        List<String> tags = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("-DOCSTART-")) {
                flush(sentences, words, tags);
                if (trimmed.startsWith("-DOCSTART-") && !sentences.isEmpty()) {
                    documents.add(sentences);
                    sentences = new ArrayList<>();
                }
                words = new ArrayList<>();
                tags = new ArrayList<>();
                continue;
            }
            String[] columns = trimmed.split("\\s+");
            words.add(columns[0]);
            tags.add(normaliseType(columns[columns.length - 1]));
        }
        flush(sentences, words, tags);
        if (!sentences.isEmpty()) {
            documents.add(sentences);
        }
        return documents;
    }

    private static void flush(List<Sentence> sentences, List<String> words, List<String> tags) {
        if (!words.isEmpty()) {
            sentences.add(new Sentence(List.copyOf(words), toIob2(tags)));
        }
    }

    private static String normaliseType(String tag) {
        return tag.equals("O") ? tag : tag.toUpperCase(java.util.Locale.ROOT);
    }

    /** IOB1 (I- starts an entity unless it continues one of the same type) to IOB2 (B- starts every entity). */
    public static List<String> toIob2(List<String> tags) {
        List<String> out = new ArrayList<>(tags.size());
        String prev = "O";
        for (String tag : tags) {
            String fixed = tag;
            if (tag.startsWith("I-") && (prev.equals("O") || !prev.substring(2).equals(tag.substring(2)))) {
                fixed = "B-" + tag.substring(2);
            }
            out.add(fixed);
            prev = fixed;
        }
        return out;
    }
}
