package dev.dragoman.common.problem;

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
}
