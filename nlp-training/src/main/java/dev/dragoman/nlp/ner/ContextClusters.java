package dev.dragoman.nlp.ner;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * The codes of the {@code -Dner.context} experiment (README "How the setting was chosen"): the encoder's contextual
 * vectors ({@link ContextEncoder}) of a sample of the unlabelled news are clustered by spherical k-means, whole (64
 * and 256 clusters) and in eight slices of 48 dimensions (64 clusters each: a product quantiser); then every sentence
 * of {@code eng.train}, {@code eng.testa} and WNUT-17's dev and test sets is encoded and each token written with the
 * nearest cluster of each kind ({@code OUTPUT_DIR/context.tsv}, read by {@code Features}).
 * {@code ContextClusters SHARED_DIR OUTPUT_DIR}; {@code -Dner.context-layers=L} runs the encoder's first L layers.
 */
public final class ContextClusters {

    static final int[] SIZES = {64, 256};
    static final int PARTS = 8;
    static final int PART_SIZE = 64;
    /** News sentences sampled for the clusters (every 13th, at most a quarter from each file). */
    private static final int SAMPLE = 6000;
    private static final int ROUNDS = 12;
    private static final int BATCH = 16;

    public static void main(String[] args) throws Exception {
        Path shared = Path.of(args[0]);
        Path out = Path.of(args[1]);
        Files.createDirectories(out);
        int threads = Runtime.getRuntime().availableProcessors();
        try (ContextEncoder encoder = new ContextEncoder(threads)) {
            Codes codes = learnFromNews(encoder, shared);
            Path conll = shared.resolve("data/ner/conll2003");
            Path wnut = shared.resolve("data/ner/wnut17");
            List<List<String>> all = new ArrayList<>();
            for (Path f : List.of(conll.resolve("eng.train"), conll.resolve("eng.testa"),
                    wnut.resolve("emerging.dev.conll"), wnut.resolve("emerging.test.annotated"))) {
                for (ConllCorpus.Sentence s : ConllCorpus.read(f)) {
                    all.add(s.words());
                }
            }
            long t0 = System.nanoTime();
            List<float[][]> encoded = encoder.encode(all, BATCH);
            System.err.printf("encoded %d corpus sentences in %.1f s%n", all.size(), (System.nanoTime() - t0) / 1e9);
            write(out.resolve("context.tsv"), all, encoded, codes);
        }
    }

    /**
     * The codes learnt from the encoder's vectors of a sample of the shared news (every 13th sentence of more than
     * three tokens, at most a quarter of {@value #SAMPLE} from each file): the same codes for the same news.
     */
    static Codes learnFromNews(ContextEncoder encoder, Path shared) throws Exception {
        List<List<String>> news = new ArrayList<>();
        int[] seen = {0};
        try (var files = Files.list(shared.resolve("data/news"))) {
            for (Path f : files.sorted().toList()) {
                int before = news.size();
                NewsText.sentences(f, s -> {
                    if (seen[0]++ % 13 == 0 && news.size() - before < SAMPLE / 4 && s.size() > 3) {
                        news.add(s);
                    }
                });
            }
        }
        long t0 = System.nanoTime();
        List<float[]> vectors = new ArrayList<>();
        for (float[][] s : encoder.encode(news, BATCH)) {
            vectors.addAll(List.of(s));
        }
        System.err.printf("encoded %d news sentences, %d tokens in %.1f s%n", news.size(), vectors.size(),
                (System.nanoTime() - t0) / 1e9);
        return Codes.learn(vectors.toArray(new float[0][]));
    }

    /** Writes each sentence (tokens joined by U+0001) with a column per code of its tokens, as Features reads. */
    static void write(Path file, List<List<String>> sentences, List<float[][]> encoded, Codes codes)
            throws java.io.IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int s = 0; s < sentences.size(); s++) {
                w.write(String.join("\u0001", sentences.get(s)));
                int[][] perToken = new int[encoded.get(s).length][];
                for (int t = 0; t < perToken.length; t++) {
                    perToken[t] = codes.of(encoded.get(s)[t]);
                }
                for (int k = 0; k < Codes.COUNT; k++) {
                    w.write('\t');
                    StringBuilder column = new StringBuilder();
                    for (int[] c : perToken) {
                        column.append(column.isEmpty() ? "" : ",").append(c[k]);
                    }
                    w.write(column.toString());
                }
                w.write('\n');
            }
        }
    }

    /**
     * What the vectors of a sample were clustered into: whole (one set of centroids per size of {@link #SIZES}) and
     * by slices ({@link #PARTS} codebooks of {@link #PART_SIZE}); {@link #of} gives a vector's codes, in that order.
     */
    record Codes(float[][][] centroids, float[][][] codebooks) {

        static final int COUNT = SIZES.length + PARTS;

        static Codes learn(float[][] data) {
            float[][][] centroids = new float[SIZES.length][][];
            for (int k = 0; k < SIZES.length; k++) {
                centroids[k] = kmeans(data, SIZES[k], ROUNDS, new Random(17 + k));
            }
            float[][][] codebooks = new float[PARTS][][];
            for (int p = 0; p < PARTS; p++) {
                float[][] part = new float[data.length][];
                for (int i = 0; i < data.length; i++) {
                    part[i] = slice(data[i], p);
                }
                codebooks[p] = kmeans(part, PART_SIZE, ROUNDS, new Random(101 + p));
            }
            return new Codes(centroids, codebooks);
        }

        int[] of(float[] v) {
            int[] out = new int[COUNT];
            for (int k = 0; k < centroids.length; k++) {
                out[k] = nearest(centroids[k], v);
            }
            for (int p = 0; p < codebooks.length; p++) {
                out[centroids.length + p] = nearest(codebooks[p], slice(v, p));
            }
            return out;
        }
    }

    /** Slice p of a vector's PARTS, scaled to unit length. */
    static float[] slice(float[] v, int p) {
        int width = ContextEncoder.DIM / PARTS;
        return ContextEncoder.normalised(java.util.Arrays.copyOfRange(v, p * width, (p + 1) * width));
    }

    static int nearest(float[][] centroids, float[] v) {
        int best = 0;
        float bestDot = -Float.MAX_VALUE;
        for (int c = 0; c < centroids.length; c++) {
            float dot = 0;
            float[] m = centroids[c];
            for (int d = 0; d < v.length; d++) {
                dot += m[d] * v[d];
            }
            if (dot > bestDot) {
                bestDot = dot;
                best = c;
            }
        }
        return best;
    }

    /** Spherical k-means: k-means++ seeding on a sample, then {@code rounds} rounds of assign and re-centre. */
    static float[][] kmeans(float[][] data, int k, int rounds, Random random) {
        int dim = data[0].length;
        float[][] centroids = new float[k][];
        centroids[0] = data[random.nextInt(data.length)].clone();
        int sample = Math.min(data.length, 20000);
        int[] pick = random.ints(sample, 0, data.length).toArray();
        double[] dist = new double[sample];
        java.util.Arrays.fill(dist, Double.MAX_VALUE);
        for (int c = 1; c < k; c++) {
            double total = 0;
            for (int i = 0; i < sample; i++) {
                float dot = 0;
                for (int d = 0; d < dim; d++) {
                    dot += centroids[c - 1][d] * data[pick[i]][d];
                }
                dist[i] = Math.min(dist[i], 1 - dot);
                total += Math.max(dist[i], 0);
            }
            double r = random.nextDouble() * total;
            int chosen = sample - 1;
            for (int i = 0; i < sample; i++) {
                r -= Math.max(dist[i], 0);
                if (r <= 0) {
                    chosen = i;
                    break;
                }
            }
            centroids[c] = data[pick[chosen]].clone();
        }
        int[] assign = new int[data.length];
        for (int round = 0; round < rounds; round++) {
            float[][] current = centroids;
            IntStream.range(0, data.length).parallel().forEach(i -> assign[i] = nearest(current, data[i]));
            float[][] sums = new float[k][dim];
            int[] counts = new int[k];
            for (int i = 0; i < data.length; i++) {
                counts[assign[i]]++;
                float[] s = sums[assign[i]];
                for (int d = 0; d < dim; d++) {
                    s[d] += data[i][d];
                }
            }
            for (int c = 0; c < k; c++) {
                if (counts[c] == 0) {
                    sums[c] = data[random.nextInt(data.length)].clone();
                }
                double norm = 0;
                for (float x : sums[c]) {
                    norm += x * x;
                }
                float scale = (float) (1 / Math.sqrt(Math.max(norm, 1e-12)));
                for (int d = 0; d < dim; d++) {
                    sums[c][d] *= scale;
                }
            }
            centroids = sums;
        }
        return centroids;
    }
}
