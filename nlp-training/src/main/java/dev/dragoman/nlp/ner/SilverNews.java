package dev.dragoman.nlp.ner;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Silver training data for the {@code -Dner.silver} experiment (README "How the setting was chosen"): articles of the
 * shared news tagged by a slow tagger, the one with the encoder's contextual codes ({@code -Dner.context}), so that
 * the default tagger can learn from its answers what it cannot afford to compute (uptraining).
 * <ul>
 * <li>{@code SilverNews encode SHARED_DIR DIR ARTICLES EXCLUDED_IDS_TSV}: picks ARTICLES articles spread evenly over
 * the news files (at most {@value #MAX_SENTENCES} sentences each, none whose id is in the first column of the
 * excluded file, the linking gold set's articles, nor of the news gold set), encodes them with the codes of {@code ContextClusters} and writes
 * {@code DIR/silver-context.tsv} and the untagged {@code DIR/silver-text.conll};</li>
 * <li>{@code SilverNews tag MODEL DIR OUTPUT}: tags them with the model (run with
 * {@code -Dner.context=DIR/context.tsv,DIR/silver-context.tsv}) and writes them to OUTPUT, in CoNLL format.</li>
 * </ul>
 */
public final class SilverNews {

    static final int MAX_SENTENCES = 40;
    private static final int MIN_SENTENCES = 3;

    private SilverNews() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "encode" -> encode(Path.of(args[1]), Path.of(args[2]), Integer.parseInt(args[3]), Path.of(args[4]));
            case "tag" -> tag(Path.of(args[1]), Path.of(args[2]), Path.of(args[3]));
            default -> throw new IllegalArgumentException("encode or tag, not " + args[0]);
        }
    }

    /**
     * The articles silver must not hold: those of the TSV file {@code excludedIds} (article id first: the linking gold
     * set) and those of the news gold set, which judges the students.
     */
    static Set<String> excluded(Path excludedIds) throws IOException {
        Set<String> excluded = new HashSet<>();
        for (String line : Files.readAllLines(excludedIds, StandardCharsets.UTF_8)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                excluded.add(line.split("\t", 2)[0]);
            }
        }
        NewsNerGold.spans().forEach(span -> excluded.add(span.article()));
        return excluded;
    }

    private static void encode(Path shared, Path dir, int articles, Path excludedIds) throws Exception {
        Set<String> excluded = excluded(excludedIds);
        List<Path> files;
        try (var list = Files.list(shared.resolve("data/news"))) {
            files = list.sorted().toList();
        }
        int[] eligible = {0};
        for (Path f : files) {
            NewsText.articles(f, (id, sentences) -> {
                if (!excluded.contains(id) && sentences.size() >= MIN_SENTENCES) {
                    eligible[0]++;
                }
            });
        }
        double stride = Math.max(1.0, eligible[0] / (double) articles);
        List<List<List<String>>> picked = new ArrayList<>();
        int[] index = {0};
        for (Path f : files) {
            NewsText.articles(f, (id, sentences) -> {
                if (excluded.contains(id) || sentences.size() < MIN_SENTENCES) {
                    return;
                }
                if ((int) Math.floor(index[0]++ / stride) == picked.size() && picked.size() < articles) {
                    // a token with a blank in it would not survive the CoNLL columns
                    picked.add(sentences.subList(0, Math.min(sentences.size(), MAX_SENTENCES)).stream()
                            .filter(s -> s.stream().noneMatch(SilverNews::blank))
                            .toList());
                }
            });
        }
        List<List<String>> sentences = new ArrayList<>();
        picked.forEach(sentences::addAll);
        System.err.printf("%d articles of %d eligible, %d sentences, %d tokens%n", picked.size(), eligible[0],
                sentences.size(), sentences.stream().mapToInt(List::size).sum());
        Files.createDirectories(dir);
        try (ContextEncoder encoder = new ContextEncoder(Runtime.getRuntime().availableProcessors())) {
            ContextClusters.Codes codes = ContextClusters.learnFromNews(encoder, shared);
            ContextClusters.write(dir.resolve("silver-context.tsv"), sentences, encoder.encode(sentences, 16), codes);
        }
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("silver-text.conll"), StandardCharsets.UTF_8)) {
            for (List<List<String>> article : picked) {
                writeDocument(w, article, null);
            }
        }
    }

    private static void tag(Path model, Path dir, Path output) throws Exception {
        NerTagger tagger = new NerTagger(NerReport.read(model), false);
        List<List<ConllCorpus.Sentence>> documents = ConllCorpus.readDocuments(dir.resolve("silver-text.conll"));
        int names = 0;
        try (BufferedWriter w = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
            for (List<ConllCorpus.Sentence> document : documents) {
                List<List<String>> words = document.stream().map(ConllCorpus.Sentence::words).toList();
                List<List<String>> tags = tagger.tagDocument(words);
                for (List<String> t : tags) {
                    names += NerTagger.spans(t).size();
                }
                writeDocument(w, words, tags);
            }
        }
        System.err.printf("%d documents tagged, %d names%n", documents.size(), names);
    }

    private static boolean blank(String token) {
        return token.isBlank() || token.chars().anyMatch(Character::isWhitespace);
    }

    private static void writeDocument(BufferedWriter w, List<List<String>> sentences, List<List<String>> tags)
            throws java.io.IOException {
        w.write("-DOCSTART- O\n\n");
        for (int s = 0; s < sentences.size(); s++) {
            for (int t = 0; t < sentences.get(s).size(); t++) {
                w.write(sentences.get(s).get(t));
                w.write(' ');
                w.write(tags == null ? "O" : tags.get(s).get(t));
                w.write('\n');
            }
            w.write('\n');
        }
    }
}
