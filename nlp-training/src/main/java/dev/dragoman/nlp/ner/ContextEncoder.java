package dev.dragoman.nlp.ner;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.LongBuffer;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Contextual vectors per token from the small pretrained encoder a Maven package ships with its weights
 * (all-MiniLM-L6-v2, int8, in ONNX Runtime): each token of a sentence gets the vector of its first word piece.
 * The word pieces are cut as the model's own tokenizer cuts them (BERT, uncased: lower case, accents stripped,
 * punctuation and ideographs split off, greedy longest match with "##" continuations). The int8 model quantises
 * activations with one scale per call, so a sentence's vectors move a little with the sentences batched with it.
 */
public final class ContextEncoder implements AutoCloseable {

    public static final int DIM = 384;
    private static final int MAX_PIECES = 128;
    private static final String MODEL = "all-minilm-l6-v2-q.onnx";
    private static final String TOKENIZER = "all-minilm-l6-v2-q-tokenizer.json";

    private final Map<String, Integer> vocab = new HashMap<>();
    private final int cls;
    private final int sep;
    private final int unk;
    private final OrtEnvironment env;
    private final OrtSession session;

    ContextEncoder(int threads) throws IOException, OrtException {
        this(threads, Integer.getInteger("ner.context-layers", 6));
    }

    /** An encoder that runs the model's first {@code layers} layers (of 6) only. */
    public ContextEncoder(int threads, int layers) throws IOException, OrtException {
        try (InputStream in = resource(TOKENIZER)) {
            JsonNode v = new ObjectMapper().readTree(in).path("model").path("vocab");
            for (Map.Entry<String, JsonNode> e : v.properties()) {
                vocab.put(e.getKey(), e.getValue().asInt());
            }
        }
        cls = vocab.get("[CLS]");
        sep = vocab.get("[SEP]");
        unk = vocab.get("[UNK]");
        byte[] model;
        try (InputStream in = resource(MODEL)) {
            model = in.readAllBytes();
        }
        if (layers < 6) {
            model = EncoderGraph.truncate(model, EncoderGraph.layerOutput(layers - 1));
        }
        env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(threads);
        options.setInterOpNumThreads(1);
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        session = env.createSession(model, options);
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = ContextEncoder.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IOException(name + " is not on the classpath");
        }
        return in;
    }

    /** The word pieces of one token, as the model's tokenizer cuts them. */
    List<Integer> pieces(String token) {
        List<Integer> out = new ArrayList<>(2);
        String text = Normalizer.normalize(token.toLowerCase(Locale.ROOT), Normalizer.Form.NFD);
        StringBuilder clean = new StringBuilder(text.length());
        for (int k = 0; k < text.length(); k++) {
            char c = text.charAt(k);
            if (Character.getType(c) != Character.NON_SPACING_MARK && !Character.isISOControl(c)) {
                clean.append(c);
            }
        }
        // punctuation is a word of its own
        int start = 0;
        for (int k = 0; k <= clean.length(); k++) {
            boolean end = k == clean.length();
            boolean split = !end && (punctuation(clean.charAt(k)) || ideograph(clean.charAt(k))
                    || Character.isWhitespace(clean.charAt(k)));
            if (end || split) {
                if (k > start) {
                    wordPieces(clean.substring(start, k), out);
                }
                if (split && !Character.isWhitespace(clean.charAt(k))) {
                    wordPieces(String.valueOf(clean.charAt(k)), out);
                }
                start = k + 1;
            }
        }
        if (out.isEmpty()) {
            out.add(unk);
        }
        return out;
    }

    /** A CJK ideograph: the tokenizer makes each a word of its own. */
    private static boolean ideograph(char c) {
        return Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN;
    }

    private static boolean punctuation(char c) {
        if ((c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126)) {
            return true;
        }
        int type = Character.getType(c);
        return type == Character.CONNECTOR_PUNCTUATION || type == Character.DASH_PUNCTUATION
                || type == Character.START_PUNCTUATION || type == Character.END_PUNCTUATION
                || type == Character.INITIAL_QUOTE_PUNCTUATION || type == Character.FINAL_QUOTE_PUNCTUATION
                || type == Character.OTHER_PUNCTUATION;
    }

    private void wordPieces(String word, List<Integer> out) {
        if (word.length() > 100) {
            out.add(unk);
            return;
        }
        int size = out.size();
        int start = 0;
        while (start < word.length()) {
            int end = word.length();
            Integer id = null;
            while (end > start) {
                String piece = (start > 0 ? "##" : "") + word.substring(start, end);
                id = vocab.get(piece);
                if (id != null) {
                    break;
                }
                end--;
            }
            if (id == null) {
                while (out.size() > size) {
                    out.remove(out.size() - 1);
                }
                out.add(unk);
                return;
            }
            out.add(id);
            start = end;
        }
    }

    /** Per sentence, per token, the contextual vector (L2-normalised) of the token's first word piece. */
    public List<float[][]> encode(List<List<String>> sentences, int batch) throws OrtException {
        // windows of at most MAX_PIECES - 2 pieces, each token in one window
        record Window(int sentence, int firstToken, List<Integer> ids, int[] firstPiece) {
        }
        List<Window> windows = new ArrayList<>();
        List<float[][]> result = new ArrayList<>(sentences.size());
        for (int s = 0; s < sentences.size(); s++) {
            List<String> words = sentences.get(s);
            result.add(new float[words.size()][]);
            List<Integer> ids = new ArrayList<>();
            List<Integer> firsts = new ArrayList<>();
            int first = 0;
            for (int t = 0; t < words.size(); t++) {
                List<Integer> p = pieces(words.get(t));
                if (p.size() > MAX_PIECES - 2) {
                    p = p.subList(0, MAX_PIECES - 2);
                }
                if (ids.size() + p.size() > MAX_PIECES - 2) {
                    windows.add(new Window(s, first, ids, firsts.stream().mapToInt(Integer::intValue).toArray()));
                    ids = new ArrayList<>();
                    firsts = new ArrayList<>();
                    first = t;
                }
                firsts.add(ids.size() + 1);
                ids.addAll(p);
            }
            if (!words.isEmpty()) {
                windows.add(new Window(s, first, ids, firsts.stream().mapToInt(Integer::intValue).toArray()));
            }
        }
        // similar lengths together: less padding
        List<Window> sorted = new ArrayList<>(windows);
        sorted.sort((a, b) -> Integer.compare(a.ids().size(), b.ids().size()));
        for (int from = 0; from < sorted.size(); from += batch) {
            List<Window> group = sorted.subList(from, Math.min(sorted.size(), from + batch));
            int length = group.get(group.size() - 1).ids().size() + 2;
            long[] ids = new long[group.size() * length];
            long[] mask = new long[ids.length];
            long[] types = new long[ids.length];
            for (int g = 0; g < group.size(); g++) {
                List<Integer> w = group.get(g).ids();
                int base = g * length;
                ids[base] = cls;
                mask[base] = 1;
                for (int k = 0; k < w.size(); k++) {
                    ids[base + 1 + k] = w.get(k);
                    mask[base + 1 + k] = 1;
                }
                ids[base + 1 + w.size()] = sep;
                mask[base + 1 + w.size()] = 1;
            }
            long[] shape = {group.size(), length};
            try (OnnxTensor i = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape);
                 OnnxTensor m = OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape);
                 OnnxTensor t = OnnxTensor.createTensor(env, LongBuffer.wrap(types), shape);
                 OrtSession.Result out = session.run(Map.of("input_ids", i, "attention_mask", m,
                         "token_type_ids", t))) {
                float[][][] hidden = (float[][][]) out.get(0).getValue();
                for (int g = 0; g < group.size(); g++) {
                    Window w = group.get(g);
                    float[][] target = result.get(w.sentence());
                    for (int k = 0; k < w.firstPiece().length; k++) {
                        target[w.firstToken() + k] = normalised(hidden[g][w.firstPiece()[k]].clone());
                    }
                }
            }
        }
        return result;
    }

    /** Scales {@code v} in place to unit length; returns it. */
    static float[] normalised(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        float scale = (float) (1 / Math.sqrt(Math.max(norm, 1e-12)));
        for (int k = 0; k < v.length; k++) {
            v[k] *= scale;
        }
        return v;
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
