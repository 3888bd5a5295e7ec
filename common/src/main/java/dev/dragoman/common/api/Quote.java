package dev.dragoman.common.api;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * A direct quotation [start, end) (the quoted words, without the marks) and who said it: the canonical entity of the
 * speaker, when one could be told (named next to the quote, or the person last named before "he said").
 */
public record Quote(@PositiveOrZero int start, @PositiveOrZero int end, @NotNull String text, String speakerId,
                    String speakerName) {

    /** The same quote in a text that starts {@code offset} characters earlier. */
    public Quote shifted(int offset) {
        return new Quote(start + offset, end + offset, text, speakerId, speakerName);
    }
}
