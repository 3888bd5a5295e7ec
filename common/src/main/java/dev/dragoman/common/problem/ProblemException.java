package dev.dragoman.common.problem;

/** Thrown by resources and services for a request that cannot be served; answered as problem+json. */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String title;

    public ProblemException(int status, String title, String detail) {
        super(detail);
        this.status = status;
        this.title = title;
    }

    public static ProblemException badRequest(String title, String detail) {
        return new ProblemException(400, title, detail);
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(404, "Not found", detail);
    }

    public Problem toProblem() {
        return Problem.of(status, title, getMessage());
    }
}
