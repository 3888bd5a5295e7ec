package dev.dragoman.nlp.ner;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The models shipped inside the service jar, trained by {@code NerTrainer} (module nlp-training) from CoNLL-2003
 * eng.train: the model of edited text, and the caseless model (the same recipe on the corpus lower-cased) for text
 * without capitals ({@link Casing}).
 */
public final class NerModels {

    public static final String RESOURCE = "/ner/conll2003-perceptron.bin.gz";
    public static final String CASELESS = "/ner/conll2003-caseless.bin.gz";

    private NerModels() {
    }

    public static NerModel bundled() {
        return read(RESOURCE);
    }

    public static NerModel caseless() {
        return read(CASELESS);
    }

    private static NerModel read(String resource) {
        try (InputStream in = NerModels.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " missing: train it with the command in the README");
            }
            return NerModel.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
