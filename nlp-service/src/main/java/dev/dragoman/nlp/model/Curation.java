package dev.dragoman.nlp.model;

import dev.dragoman.common.api.EntityType;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.List;

/** What curators send to the knowledge base. */
public final class Curation {

    private Curation() {
    }

    /** A new curated entity with its names. */
    public record NewEntity(@NotNull(message = "type is required") EntityType type,
                            @NotBlank(message = "name is required") @Size(max = 300) String name,
                            @Size(max = 100) List<@NotBlank @Size(max = 300) String> aliases) {
    }

    /** One more name of an entity. */
    public record NewAlias(@NotBlank(message = "alias is required") @Size(max = 300) String alias) {
    }

    /** Merge the path's entity into another: its mentions are linked there from now on. */
    public record Merge(@NotBlank(message = "into (the id of the entity that remains) is required") String into) {
    }

    /** Names of the path's entity that belong to another entity (new, or existing with that type and name). */
    public record Split(@NotBlank(message = "name of the entity the aliases go to is required") @Size(max = 300) String name,
                        EntityType type,
                        @NotEmpty(message = "aliases to move are required") @Size(max = 100)
                        List<@NotBlank @Size(max = 300) String> aliases) {
    }
}
