package dev.dragoman.nlp.ner;

/** A token of the input text with its character offsets [start, end). */
public record Token(String text, int start, int end) {
}
