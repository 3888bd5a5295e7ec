package dev.dragoman.common.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One mention of a named entity: character offsets [start, end) into the annotated text, and the canonical entity
 * it refers to (several spellings of one person share one entityId).
 */
public record EntityMention(
        @PositiveOrZero int start,
        @PositiveOrZero int end,
        @NotNull String text,
        @NotNull EntityType type,
        @NotBlank @Schema(description = "stable id of the canonical entity, e.g. person:sergey-lavrov") String entityId,
        String canonicalName) {

    /** The same mention in a text that starts {@code offset} characters earlier. */
    public EntityMention shifted(int offset) {
        return new EntityMention(start + offset, end + offset, text, type, entityId, canonicalName);
    }
}
