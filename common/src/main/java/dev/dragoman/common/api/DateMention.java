package dev.dragoman.common.api;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;

import java.time.LocalDate;

/** A date expression found in a text ("February 27", "on Wednesday") resolved to a calendar date. */
public record DateMention(@PositiveOrZero int start, @PositiveOrZero int end, @NotNull String text,
                          @NotNull LocalDate date) {

    /** The same mention in a text that starts {@code offset} characters earlier. */
    public DateMention shifted(int offset) {
        return new DateMention(start + offset, end + offset, text, date);
    }
}
