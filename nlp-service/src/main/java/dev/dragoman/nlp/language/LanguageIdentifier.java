package dev.dragoman.nlp.language;

import com.optimaize.langdetect.DetectedLanguage;
import com.optimaize.langdetect.LanguageDetector;
import com.optimaize.langdetect.LanguageDetectorBuilder;
import com.optimaize.langdetect.ngram.NgramExtractors;
import com.optimaize.langdetect.profiles.LanguageProfileReader;
import com.optimaize.langdetect.text.CommonTextObjectFactories;
import com.optimaize.langdetect.text.TextObjectFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The language of an article as an ISO 639-1 code ("en", "ru", "uk", ...), from the n-gram profiles of 71 languages
 * that ship inside the language-detector jar; "und" when the text is too short or too mixed to tell.
 */
public final class LanguageIdentifier {

    public static final String UNDETERMINED = "und";
    private static final double MIN_PROBABILITY = 0.8;
    /** The sample that decides: about 80 words of prose, which n-gram profiles tell apart reliably. */
    private static final int MAX_CHARS = 500;

    private final LanguageDetector detector;
    private final TextObjectFactory texts = CommonTextObjectFactories.forDetectingOnLargeText();

    public LanguageIdentifier() {
        try {
            // The library's "short text" algorithm scores every n-gram of the sample once, where its default samples
            // n-grams at random over several trials: deterministic, and about ten times faster on 1,000 characters.
            detector = LanguageDetectorBuilder.create(NgramExtractors.standard())
                    .withProfiles(new LanguageProfileReader().readAllBuiltIn())
                    .shortTextAlgorithm(MAX_CHARS + 1).build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the language profiles", e);
        }
    }

    public String identify(String text) {
        // the first 500 characters decide; detection time grows with the text, accuracy hardly does
        String sample = text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text;
        List<DetectedLanguage> candidates = detector.getProbabilities(texts.forText(sample));
        if (candidates.isEmpty() || candidates.get(0).getProbability() < MIN_PROBABILITY) {
            return UNDETERMINED;
        }
        return candidates.get(0).getLocale().getLanguage();
    }
}
