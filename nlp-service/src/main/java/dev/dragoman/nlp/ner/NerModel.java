package dev.dragoman.nlp.ner;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Weights of the averaged-perceptron tagger: for each feature name, one weight per label. Stored in a small binary
 * format of its own (no Java serialisation), so the model loads the same on the JVM and in a native image.
 */
public final class NerModel {

    private static final String MAGIC = "DRAGOMAN-NER-1";

    private final String[] labels;
    private final Map<String, float[]> weights;

    NerModel(String[] labels, Map<String, float[]> weights) {
        this.labels = labels;
        this.weights = weights;
    }

    public String[] labels() {
        return labels.clone();
    }

    int labelCount() {
        return labels.length;
    }

    String label(int index) {
        return labels[index];
    }

    int featureCount() {
        return weights.size();
    }

    /** Adds the weights of the features into scores (one slot per label). */
    void score(List<String> features, float[] scores) {
        score(weights, features, scores);
    }

    /** Sums the weight vectors of the features into scores; unknown features add nothing. */
    static void score(Map<String, float[]> weights, List<String> features, float[] scores) {
        java.util.Arrays.fill(scores, 0f);
        for (String feature : features) {
            float[] w = weights.get(feature);
            if (w != null) {
                for (int k = 0; k < w.length; k++) {
                    scores[k] += w[k];
                }
            }
        }
    }

    public void write(OutputStream target) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new GZIPOutputStream(target)))) {
            out.writeUTF(MAGIC);
            out.writeInt(labels.length);
            for (String label : labels) {
                out.writeUTF(label);
            }
            out.writeInt(weights.size());
            // sorted, so that the same training gives the same bytes
            for (Map.Entry<String, float[]> entry : new java.util.TreeMap<>(weights).entrySet()) {
                out.writeUTF(entry.getKey());
                float[] w = entry.getValue();
                int nonZero = 0;
                for (float v : w) {
                    if (v != 0f) {
                        nonZero++;
                    }
                }
                out.writeByte(nonZero);
                for (int k = 0; k < w.length; k++) {
                    if (w[k] != 0f) {
                        out.writeByte(k);
                        out.writeFloat(w[k]);
                    }
                }
            }
        }
    }

    public static NerModel read(InputStream source) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(new GZIPInputStream(source), 1 << 16))) {
            if (!MAGIC.equals(in.readUTF())) {
                throw new IOException("not a Dragoman NER model");
            }
            String[] labels = new String[in.readInt()];
            for (int k = 0; k < labels.length; k++) {
                labels[k] = in.readUTF();
            }
            int count = in.readInt();
            Map<String, float[]> weights = new HashMap<>(count * 4 / 3 + 1);
            for (int f = 0; f < count; f++) {
                String name = in.readUTF();
                float[] w = new float[labels.length];
                int nonZero = in.readUnsignedByte();
                for (int k = 0; k < nonZero; k++) {
                    w[in.readUnsignedByte()] = in.readFloat();
                }
                weights.put(name, w);
            }
            return new NerModel(labels, weights);
        }
    }
}
