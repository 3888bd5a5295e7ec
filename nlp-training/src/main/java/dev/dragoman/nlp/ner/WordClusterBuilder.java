package dev.dragoman.nlp.ner;


import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * Learns word clusters from unlabelled text, for the tagger's cluster features. Deterministic (fixed seeds, sorted
 * inputs): the same files give the same bytes.
 * <ol>
 * <li>tokenises the texts with {@link Tokenizer} (NDJSON news: title and body; CoNLL files: the first column only,
 * never the tags);</li>
 * <li>counts, for the most frequent case-sensitive word forms, their lowercased neighbours at positions -2, -1, +1, +2;</li>
 * <li>weights that co-occurrence matrix by positive PMI (context distribution smoothed with exponent 0.75) and reduces
 * it to 100 dimensions (property clusters.dimensions) by a randomised range finder (two passes over the matrix);</li>
 * <li>clusters the normalised word vectors by spherical k-means at several granularities ({@link #GRANULARITIES}).</li>
 * </ol>
 * Output: a gzipped TSV, one word a line, most frequent first: {@code word TAB id(16) TAB id(64) TAB ...}.
 * Command: {@code WordClusterBuilder OUTPUT.tsv.gz INPUT...} (files ending in .ndjson are news, others CoNLL).
 */
public final class WordClusterBuilder {

    static final int[] GRANULARITIES = {16, 64, 256, 1024};
    private static final int VOCABULARY = Integer.getInteger("clusters.vocabulary", 60_000);
    private static final int MIN_COUNT = Integer.getInteger("clusters.min-count", 4);
    private static final int CONTEXTS = Integer.getInteger("clusters.contexts", 10_000);
    private static final int DIMENSIONS = Integer.getInteger("clusters.dimensions", 100);
    private static final int KMEANS_ITERATIONS = 15;
    private static final long SEED = 20250226L;

    private final Map<String, Integer> ids = new HashMap<>();
    private final List<String> forms = new ArrayList<>();
    private int[] stream = new int[1 << 20];
    private int length;

    private WordClusterBuilder() {
    }

    private int id(String word) {
        Integer id = ids.get(word);
        if (id == null) {
            id = forms.size();
            ids.put(word, id);
            forms.add(word);
        }
        return id;
    }

    private void add(int id) {
        if (length == stream.length) {
            stream = Arrays.copyOf(stream, stream.length * 2);
        }
        stream[length++] = id;
    }

    private static final int BOUNDARY = -1;

    private void addSentence(List<String> words) {
        for (String w : words) {
            add(id(w));
        }
        add(BOUNDARY);
    }

    private void readNews(Path file) throws IOException {
        NewsText.sentences(file, this::addSentence);
    }

    private void readConll(Path file) throws IOException {
        for (ConllCorpus.Sentence sentence : ConllCorpus.read(file)) {
            addSentence(sentence.words());
        }
    }

    /** The clusters, one int[] of ids per granularity per word, for the vocabulary in frequency order. */
    private void build(Path output) throws IOException {
        long started = System.nanoTime();
        int types = forms.size();
        int[] counts = new int[types];
        for (int i = 0; i < length; i++) {
            if (stream[i] >= 0) {
                counts[stream[i]]++;
            }
        }
        Integer[] byFrequency = new Integer[types];
        for (int k = 0; k < types; k++) {
            byFrequency[k] = k;
        }
        Comparator<Integer> order = Comparator.comparingInt((Integer k) -> -counts[k]).thenComparing(forms::get);
        Arrays.sort(byFrequency, order);
        int vocabulary = 0;
        while (vocabulary < Math.min(VOCABULARY, types) && counts[byFrequency[vocabulary]] >= MIN_COUNT) {
            vocabulary++;
        }
        int[] row = new int[types];
        Arrays.fill(row, -1);
        for (int r = 0; r < vocabulary; r++) {
            row[byFrequency[r]] = r;
        }
        // contexts: the most frequent lowercased forms, plus the sentence boundary (index 0)
        Map<String, Integer> lowerCounts = new HashMap<>();
        for (int k = 0; k < types; k++) {
            lowerCounts.merge(forms.get(k).toLowerCase(Locale.ROOT), counts[k], Integer::sum);
        }
        List<String> lowers = new ArrayList<>(lowerCounts.keySet());
        lowers.sort(Comparator.comparingInt((String s) -> -lowerCounts.get(s)).thenComparing(s -> s));
        Map<String, Integer> contextIndex = new HashMap<>();
        for (int c = 0; c < Math.min(CONTEXTS, lowers.size()); c++) {
            contextIndex.put(lowers.get(c), c + 1);
        }
        int contextTypes = contextIndex.size() + 2; // + boundary, + rare word
        int[] contextOf = new int[types];
        for (int k = 0; k < types; k++) {
            contextOf[k] = contextIndex.getOrDefault(forms.get(k).toLowerCase(Locale.ROOT), contextTypes - 1);
        }
        int[] offsets = {-2, -1, 1, 2};
        int columns = contextTypes * offsets.length;
        long[] events = new long[countEvents(row, offsets)];
        int e = 0;
        for (int i = 0; i < length; i++) {
            int w = stream[i];
            if (w < 0 || row[w] < 0) {
                continue;
            }
            for (int o = 0; o < offsets.length; o++) {
                int j = i + offsets[o];
                int context = contextAt(j, offsets[o], contextOf);
                events[e++] = (long) row[w] * columns + (long) o * contextTypes + context;
            }
        }
        Arrays.sort(events);
        // CSR matrix of counts
        int[] rowStart = new int[vocabulary + 1];
        int nonZero = 0;
        for (int k = 0; k < events.length; k++) {
            if (k == 0 || events[k] != events[k - 1]) {
                nonZero++;
            }
        }
        int[] column = new int[nonZero];
        float[] value = new float[nonZero];
        int nz = -1;
        for (int k = 0; k < events.length; k++) {
            if (k == 0 || events[k] != events[k - 1]) {
                nz++;
                int r = (int) (events[k] / columns);
                column[nz] = (int) (events[k] % columns);
                rowStart[r + 1] = nz + 1;
            }
            value[nz]++;
        }
        for (int r = 1; r <= vocabulary; r++) {
            rowStart[r] = Math.max(rowStart[r], rowStart[r - 1]);
        }
        events = null;
        log(started, "tokens " + length + ", types " + types + ", vocabulary " + vocabulary + ", non-zero " + nonZero);
        // positive PMI with smoothed context distribution
        double[] rowSum = new double[vocabulary];
        double[] colSum = new double[columns];
        double total = 0;
        for (int r = 0; r < vocabulary; r++) {
            for (int k = rowStart[r]; k < rowStart[r + 1]; k++) {
                rowSum[r] += value[k];
                colSum[column[k]] += value[k];
                total += value[k];
            }
        }
        double smoothed = 0;
        for (int c = 0; c < columns; c++) {
            smoothed += Math.pow(colSum[c], 0.75);
        }
        for (int r = 0; r < vocabulary; r++) {
            for (int k = rowStart[r]; k < rowStart[r + 1]; k++) {
                double pmi = Math.log(value[k] / total)
                        - Math.log(rowSum[r] / total) - Math.log(Math.pow(colSum[column[k]], 0.75) / smoothed);
                value[k] = (float) Math.max(0, pmi);
            }
        }
        // randomised range finder: Y = A G, Q = orth(Y), Z = orth(A^T Q), vectors = A Z
        Random random = new Random(SEED);
        float[][] gauss = new float[DIMENSIONS][columns];
        for (float[] g : gauss) {
            for (int c = 0; c < columns; c++) {
                g[c] = (float) random.nextGaussian();
            }
        }
        float[][] y = multiply(rowStart, column, value, vocabulary, gauss);
        orthonormalise(y);
        float[][] z = multiplyTransposed(rowStart, column, value, vocabulary, columns, y);
        orthonormalise(z);
        float[][] vectors = multiply(rowStart, column, value, vocabulary, z);
        log(started, "vectors");
        // row-major, unit length
        float[][] points = new float[vocabulary][DIMENSIONS];
        for (int r = 0; r < vocabulary; r++) {
            double norm = 0;
            for (int d = 0; d < DIMENSIONS; d++) {
                points[r][d] = vectors[d][r];
                norm += (double) vectors[d][r] * vectors[d][r];
            }
            float scale = norm == 0 ? 0 : (float) (1 / Math.sqrt(norm));
            for (int d = 0; d < DIMENSIONS; d++) {
                points[r][d] *= scale;
            }
        }
        int[][] assignments = new int[GRANULARITIES.length][];
        for (int g = 0; g < GRANULARITIES.length; g++) {
            assignments[g] = kmeans(points, GRANULARITIES[g], new Random(SEED + g));
            log(started, "k-means " + GRANULARITIES[g]);
        }
        try (Writer out = new BufferedWriter(new OutputStreamWriter(
                new GZIPOutputStream(Files.newOutputStream(output)), StandardCharsets.UTF_8))) {
            for (int r = 0; r < vocabulary; r++) {
                out.write(forms.get(byFrequency[r]));
                for (int[] a : assignments) {
                    out.write('\t');
                    out.write(Integer.toString(a[r]));
                }
                out.write('\n');
            }
        }
        log(started, "written " + output + " (" + Files.size(output) + " bytes)");
    }

    private int countEvents(int[] row, int[] offsets) {
        int n = 0;
        for (int i = 0; i < length; i++) {
            if (stream[i] >= 0 && row[stream[i]] >= 0) {
                n += offsets.length;
            }
        }
        return n;
    }

    /** Context index of position j seen from a word at offset o: 0 past a sentence boundary. */
    private int contextAt(int j, int offset, int[] contextOf) {
        int step = offset < 0 ? -1 : 1;
        for (int p = j - offset + step; ; p += step) {
            if (p < 0 || p >= length || stream[p] < 0) {
                return 0;
            }
            if (p == j) {
                return contextOf[stream[p]];
            }
        }
    }

    private static float[][] multiply(int[] rowStart, int[] column, float[] value, int rows, float[][] right) {
        float[][] out = new float[right.length][rows];
        for (int d = 0; d < right.length; d++) {
            float[] r = right[d];
            float[] o = out[d];
            for (int i = 0; i < rows; i++) {
                double sum = 0;
                for (int k = rowStart[i]; k < rowStart[i + 1]; k++) {
                    sum += value[k] * r[column[k]];
                }
                o[i] = (float) sum;
            }
        }
        return out;
    }

    private static float[][] multiplyTransposed(int[] rowStart, int[] column, float[] value, int rows, int columns,
                                                float[][] left) {
        float[][] out = new float[left.length][columns];
        for (int d = 0; d < left.length; d++) {
            float[] l = left[d];
            float[] o = out[d];
            for (int i = 0; i < rows; i++) {
                float li = l[i];
                for (int k = rowStart[i]; k < rowStart[i + 1]; k++) {
                    o[column[k]] += value[k] * li;
                }
            }
        }
        return out;
    }

    /** Modified Gram-Schmidt over the vectors (in place). */
    private static void orthonormalise(float[][] vectors) {
        for (int a = 0; a < vectors.length; a++) {
            float[] v = vectors[a];
            for (int b = 0; b < a; b++) {
                float[] u = vectors[b];
                double dot = 0;
                for (int i = 0; i < v.length; i++) {
                    dot += (double) v[i] * u[i];
                }
                float f = (float) dot;
                for (int i = 0; i < v.length; i++) {
                    v[i] -= f * u[i];
                }
            }
            double norm = 0;
            for (float x : v) {
                norm += (double) x * x;
            }
            float scale = (float) (1 / Math.sqrt(norm));
            for (int i = 0; i < v.length; i++) {
                v[i] *= scale;
            }
        }
    }

    /** Spherical k-means (cosine), initialised with distinct random points; returns the cluster of each point. */
    private static int[] kmeans(float[][] points, int k, Random random) {
        int n = points.length;
        int dims = points[0].length;
        float[][] centres = new float[k][];
        int[] picked = random.ints(0, n).distinct().limit(k).toArray();
        for (int c = 0; c < k; c++) {
            centres[c] = points[picked[c]].clone();
        }
        int[] assignment = new int[n];
        for (int iteration = 0; iteration < KMEANS_ITERATIONS; iteration++) {
            int changed = 0;
            for (int i = 0; i < n; i++) {
                float[] p = points[i];
                int best = 0;
                float bestDot = -Float.MAX_VALUE;
                for (int c = 0; c < k; c++) {
                    float[] centre = centres[c];
                    float dot = 0;
                    for (int d = 0; d < dims; d++) {
                        dot += p[d] * centre[d];
                    }
                    if (dot > bestDot) {
                        bestDot = dot;
                        best = c;
                    }
                }
                if (iteration == 0 || assignment[i] != best) {
                    changed++;
                }
                assignment[i] = best;
            }
            float[][] sums = new float[k][dims];
            for (int i = 0; i < n; i++) {
                float[] s = sums[assignment[i]];
                for (int d = 0; d < dims; d++) {
                    s[d] += points[i][d];
                }
            }
            for (int c = 0; c < k; c++) {
                double norm = 0;
                for (float x : sums[c]) {
                    norm += (double) x * x;
                }
                if (norm > 0) {
                    float scale = (float) (1 / Math.sqrt(norm));
                    for (int d = 0; d < dims; d++) {
                        sums[c][d] *= scale;
                    }
                    centres[c] = sums[c];
                }
            }
            if (changed == 0) {
                break;
            }
        }
        return assignment;
    }

    private static void log(long started, String message) {
        System.out.printf("%6.1f s  %s%n", (System.nanoTime() - started) / 1e9, message);
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: WordClusterBuilder OUTPUT.tsv.gz INPUT.ndjson|INPUT.conll ...");
            System.exit(2);
        }
        long started = System.nanoTime();
        WordClusterBuilder builder = new WordClusterBuilder();
        List<Path> inputs = new ArrayList<>();
        for (int a = 1; a < args.length; a++) {
            inputs.add(Path.of(args[a]));
        }
        inputs.sort(Comparator.comparing(p -> p.getFileName().toString()));
        for (Path input : inputs) {
            if (input.getFileName().toString().endsWith(".ndjson")) {
                builder.readNews(input);
            } else {
                builder.readConll(input);
            }
            log(started, "read " + input);
        }
        Path output = Path.of(args[0]);
        if (output.toAbsolutePath().getParent() != null) {
            Files.createDirectories(output.toAbsolutePath().getParent());
        }
        builder.build(output);
    }
}
