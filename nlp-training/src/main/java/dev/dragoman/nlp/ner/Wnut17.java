package dev.dragoman.nlp.ner;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * WNUT-17 ("emerging and rare entities": user-generated text, mostly tweets and forum posts) read for the tagger's
 * types: person to PER, location to LOC, corporation and group to ORG; product and creative-work are no type of
 * the tagger and count as O. Each sentence is its own document (the posts are unrelated). Scored on PER, LOC and
 * ORG only: the tagger's MISC is left out of its answers ({@link NerEvaluation#keeping}).
 */
public final class Wnut17 {

    /** The types WNUT-17 shares with CoNLL-2003. */
    public static final Set<String> TYPES = Set.of("PER", "LOC", "ORG");

    private static final Map<String, String> MAPPED = Map.of(
            "PERSON", "PER", "LOCATION", "LOC", "CORPORATION", "ORG", "GROUP", "ORG");

    private Wnut17() {
    }

    public static List<List<ConllCorpus.Sentence>> read(Path file) throws IOException {
        return ConllCorpus.read(file).stream()
                .map(s -> List.of(new ConllCorpus.Sentence(s.words(), ConllCorpus.toIob2(mapped(s.tags())))))
                .toList();
    }

    /** Tags with the WNUT types mapped (IOB2 in, tags out that may need {@link ConllCorpus#toIob2} again). */
    static List<String> mapped(List<String> tags) {
        return tags.stream().map(t -> {
            if (t.length() <= 2) {
                return "O";
            }
            String type = MAPPED.get(t.substring(2));
            return type == null ? "O" : t.substring(0, 2) + type;
        }).toList();
    }
}
