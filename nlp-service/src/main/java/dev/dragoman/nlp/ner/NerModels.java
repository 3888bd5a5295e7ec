package dev.dragoman.nlp.ner;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The model shipped inside the service jar, trained by {@code NerTrainer} (module nlp-training) from CoNLL-2003 eng.train. */
public final class NerModels {

    public static final String RESOURCE = "/ner/conll2003-perceptron.bin.gz";

    private NerModels() {
    }

    public static NerModel bundled() {
        try (InputStream in = NerModels.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " missing: train it with the command in the README");
            }
            return NerModel.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
