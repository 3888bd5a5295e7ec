package dev.dragoman.common.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One mention of a named entity: character offsets [start, end) into the annotated text, and the canonical entity
 * it refers to (several spellings of one person share one entityId).
 */
public record EntityMention(
        int start,
        int end,
        String text,
        EntityType type,
        @Schema(description = "stable id of the canonical entity, e.g. person:sergey-lavrov") String entityId,
        String canonicalName) {
}
