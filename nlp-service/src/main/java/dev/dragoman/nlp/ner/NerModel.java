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
 * Weights of the averaged-perceptron tagger: for each feature name, one weight per label; a second stage with weights
 * of its own (it sees the first stage's tags of the whole document); the entity phrases learnt from the training
 * data. Stored in a small binary format of its own (no Java serialisation), so the model loads the same on the JVM
 * and in a native image: gzip of magic, stage count, per stage labels and sparse weights (sorted by feature name),
 * then the entity phrases with their types.
 */
public final class NerModel {

    private static final String MAGIC = "DRAGOMAN-NER-2";

    /** Marker entry of a stage trained for Viterbi decoding (no weights; never a feature of a token). */
    static final String VITERBI = "#decoder=viterbi";

    private final String[] labels;
    private final Map<String, float[]> weights;
    /** The second stage, which sees this stage's tags of the whole document; null for a one-stage model. */
    private final NerModel next;
    /** Entities learnt from the training data: phrase (tokens joined by a space) -> types; empty if none. */
    private final Map<String, String[]> entities;

    NerModel(String[] labels, Map<String, float[]> weights) {
        this(labels, weights, null, Map.of());
    }

    NerModel(String[] labels, Map<String, float[]> weights, NerModel next, Map<String, String[]> entities) {
        this.labels = labels;
        this.weights = weights;
        this.next = next;
        this.entities = entities;
    }

    Map<String, String[]> entities() {
        return entities;
    }

    /** This model with the entities learnt from the training data. */
    NerModel withEntities(Map<String, String[]> learnt) {
        return new NerModel(labels, weights, next, learnt);
    }

    NerModel next() {
        return next;
    }

    /** This stage followed by another. */
    NerModel withNext(NerModel stage) {
        return new NerModel(labels, weights, stage, entities);
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

    /** Passes every feature with its weights (one per label; not to be modified) to the action. */
    void forEachWeight(java.util.function.BiConsumer<String, float[]> action) {
        weights.forEach(action);
    }

    /** Whether this stage was trained for Viterbi decoding (else greedy). */
    boolean viterbi() {
        return weights.containsKey(VITERBI);
    }

    int featureCount() {
        return weights.size() + (next == null ? 0 : next.featureCount());
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
            int stages = 0;
            for (NerModel stage = this; stage != null; stage = stage.next) {
                stages++;
            }
            out.writeByte(stages);
            for (NerModel stage = this; stage != null; stage = stage.next) {
                stage.writeStage(out);
            }
            out.writeInt(entities.size());
            for (Map.Entry<String, String[]> entry : new java.util.TreeMap<>(entities).entrySet()) {
                out.writeUTF(entry.getKey());
                out.writeByte(entry.getValue().length);
                for (String type : entry.getValue()) {
                    out.writeUTF(type);
                }
            }
        }
    }

    private void writeStage(DataOutputStream out) throws IOException {
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

    public static NerModel read(InputStream source) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(new GZIPInputStream(source), 1 << 16))) {
            if (!MAGIC.equals(in.readUTF())) {
                throw new IOException("not a Dragoman NER model (version 2)");
            }
            int stages = in.readUnsignedByte();
            NerModel model = null;
            NerModel[] read = new NerModel[stages];
            for (int k = 0; k < stages; k++) {
                read[k] = readStage(in);
            }
            int count = in.readInt();
            Map<String, String[]> entities = new HashMap<>(count * 4 / 3 + 1);
            for (int e = 0; e < count; e++) {
                String phrase = in.readUTF();
                String[] types = new String[in.readUnsignedByte()];
                for (int k = 0; k < types.length; k++) {
                    types[k] = in.readUTF().intern();
                }
                entities.put(phrase, types);
            }
            for (int k = stages - 1; k >= 0; k--) {
                model = new NerModel(read[k].labels, read[k].weights, model, k == 0 ? entities : Map.of());
            }
            return model;
        }
    }

    private static NerModel readStage(DataInputStream in) throws IOException {
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
