package dev.dragoman.common.api;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * A direct quotation [start, end) (the quoted words, without the marks) and who said it: the canonical entity of the
 * speaker, when one could be told (named next to the quote, the person last named before "he said", or the person
 * the paragraph is about where an outlet reports the quote or no verb of saying introduces it), and the outlet that
 * reported it ("…," reported TASS), when the text names one.
 */
public record Quote(@PositiveOrZero int start, @PositiveOrZero int end, @NotNull String text, String speakerId,
                    String speakerName, String sourceId, String sourceName) {

    /** A quote whose speaker the text names itself, without an outlet in between. */
    public Quote(int start, int end, String text, String speakerId, String speakerName) {
        this(start, end, text, speakerId, speakerName, null, null);
    }

    /** The same quote in a text that starts {@code offset} characters earlier. */
    public Quote shifted(int offset) {
        return new Quote(start + offset, end + offset, text, speakerId, speakerName, sourceId, sourceName);
    }
}
