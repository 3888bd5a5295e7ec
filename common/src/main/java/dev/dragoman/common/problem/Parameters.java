package dev.dragoman.common.problem;

import dev.dragoman.common.api.EntityType;

import java.util.Locale;

/**
 * Query parameters read as text and checked here, so that "size=abc" is a 400 with a reason rather than the
 * 404 that JAX-RS gives a parameter it cannot convert.
 */
public final class Parameters {

    private Parameters() {
    }

    public static int intInRange(String name, String value, int fallback, int min, int max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        int parsed;
        try {
            parsed = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("Invalid parameter", name + " must be a whole number between " + min
                    + " and " + max + "; got '" + value + "'");
        }
        if (parsed < min || parsed > max) {
            throw ProblemException.badRequest("Invalid parameter", name + " must be between " + min + " and " + max
                    + "; got " + parsed);
        }
        return parsed;
    }

    /** An entity type in any case ("person", "PERSON"); anything else is a 400 naming the four types. */
    public static EntityType entityType(String value) {
        try {
            return EntityType.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("Invalid parameter", "type must be one of PERSON, ORGANIZATION, LOCATION, "
                    + "MISC; got '" + value + "'");
        }
    }
}
