package dev.dragoman.common.api;

import java.time.LocalDate;

/** A date expression found in a text ("February 27", "on Wednesday") resolved to a calendar date. */
public record DateMention(int start, int end, String text, LocalDate date) {
}
