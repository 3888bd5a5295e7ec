package dev.dragoman.nlp.ner;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Word codes from the pretrained encoder, for the {@code -Dner.word-codes} experiment: every word of the shared news
 * seen at least {@value #MIN_COUNT} times, and every word of {@code eng.train}, is encoded alone (lower-cased: the
 * encoder is uncased) by {@link ContextEncoder}; the vectors are clustered as {@link ContextClusters} clusters
 * contextual ones (64 and 256 clusters, eight slices of 64), and each word is written with its codes: what the
 * encoder learnt of a word from its pretraining text, at the cost of a table lookup when tagging.
 * {@code WordVectorClusters SHARED_DIR OUTPUT.tsv.gz}.
 */
public final class WordVectorClusters {

    private static final int MIN_COUNT = 3;
    private static final int BATCH = 64;

    public static void main(String[] args) throws Exception {
        Path shared = Path.of(args[0]);
        Map<String, Integer> counts = new HashMap<>();
        try (var files = Files.list(shared.resolve("data/news"))) {
            for (Path f : files.sorted().toList()) {
                NewsText.sentences(f, s -> s.forEach(w -> counts.merge(w.toLowerCase(Locale.ROOT), 1, Integer::sum)));
            }
        }
        for (ConllCorpus.Sentence s : ConllCorpus.read(shared.resolve("data/ner/conll2003/eng.train"))) {
            s.words().forEach(w -> counts.merge(w.toLowerCase(Locale.ROOT), MIN_COUNT, Integer::sum));
        }
        List<String> words = counts.entrySet().stream().filter(e -> e.getValue() >= MIN_COUNT)
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey).toList();
        int threads = Runtime.getRuntime().availableProcessors();
        float[][] data;
        try (ContextEncoder encoder = new ContextEncoder(threads, 6)) {
            long t0 = System.nanoTime();
            List<List<String>> alone = words.stream().map(List::of).toList();
            List<float[][]> encoded = encoder.encode(alone, BATCH);
            data = new float[words.size()][];
            for (int i = 0; i < data.length; i++) {
                data[i] = encoded.get(i)[0];
            }
            System.err.printf("encoded %d words in %.1f s%n", words.size(), (System.nanoTime() - t0) / 1e9);
        }
        ContextClusters.Codes codes = ContextClusters.Codes.learn(data);
        try (BufferedWriter w = new BufferedWriter(new OutputStreamWriter(
                new GZIPOutputStream(Files.newOutputStream(Path.of(args[1]))), StandardCharsets.UTF_8))) {
            for (int i = 0; i < data.length; i++) {
                w.write(words.get(i));
                for (int code : codes.of(data[i])) {
                    w.write('\t');
                    w.write(Integer.toString(code));
                }
                w.write('\n');
            }
        }
    }
}
