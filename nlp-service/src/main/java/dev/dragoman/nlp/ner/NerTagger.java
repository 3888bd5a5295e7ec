package dev.dragoman.nlp.ner;

import dev.dragoman.common.api.EntityType;

import java.util.ArrayList;
import java.util.List;

/** Greedy left-to-right tagging with the averaged-perceptron model; labels in IOB2 (B-PER, I-PER, O, ...). */
public final class NerTagger {

    /** An entity span over tokens [first, last] of a sentence. */
    public record Span(int first, int last, EntityType type) {
    }

    private final NerModel model;

    public NerTagger(NerModel model) {
        this.model = model;
    }

    public List<String> tag(List<String> words) {
        List<String> tags = new ArrayList<>(words.size());
        List<String> features = new ArrayList<>(48);
        float[] scores = new float[model.labelCount()];
        for (int i = 0; i < words.size(); i++) {
            Features.extract(words, i, previous(tags, i - 1), previous(tags, i - 2), features);
            model.score(features, scores);
            tags.add(model.label(best(scores, tags.isEmpty() ? "O" : tags.get(tags.size() - 1))));
        }
        return tags;
    }

    /** Highest-scoring label that is a valid IOB2 continuation of the previous label. */
    private int best(float[] scores, String prev) {
        int best = -1;
        for (int k = 0; k < scores.length; k++) {
            String label = model.label(k);
            if (label.startsWith("I-") && !(prev.length() > 2 && prev.substring(2).equals(label.substring(2)))) {
                continue;
            }
            if (best < 0 || scores[k] > scores[best]) {
                best = k;
            }
        }
        return best;
    }

    static String previous(List<String> tags, int i) {
        return i < 0 ? "<S>" : tags.get(i);
    }

    public static List<Span> spans(List<String> tags) {
        List<Span> spans = new ArrayList<>();
        chunks(tags, (first, last, type) -> spans.add(new Span(first, last, typeOf(type))));
        return spans;
    }

    /** Receives each entity chunk of an IOB2 tag sequence: token range and CoNLL type (PER, LOC, ...). */
    interface ChunkSink {
        void accept(int first, int last, String type);
    }

    /** Splits IOB2 tags into entity chunks with conlleval's rules (an I- of another type starts a new chunk). */
    static void chunks(List<String> tags, ChunkSink sink) {
        int start = -1;
        String type = null;
        for (int i = 0; i <= tags.size(); i++) {
            String tag = i < tags.size() ? tags.get(i) : "O";
            boolean continues = tag.startsWith("I-") && type != null && tag.substring(2).equals(type);
            if (!continues && type != null) {
                sink.accept(start, i - 1, type);
                type = null;
            }
            if (!continues && !"O".equals(tag)) {
                start = i;
                type = tag.substring(2);
            }
        }
    }

    public static EntityType typeOf(String conllType) {
        return switch (conllType) {
            case "PER" -> EntityType.PERSON;
            case "ORG" -> EntityType.ORGANIZATION;
            case "LOC" -> EntityType.LOCATION;
            default -> EntityType.MISC;
        };
    }
}
