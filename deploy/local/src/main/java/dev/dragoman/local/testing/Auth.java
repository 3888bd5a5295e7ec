package dev.dragoman.local.testing;

import dev.dragoman.local.SharedBackends;
import dev.dragoman.local.Tokens;
import io.restassured.builder.RequestSpecBuilder;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import io.restassured.specification.RequestSpecification;

/**
 * Real tokens of the run's Keycloak for the tests. {@link #spec()} is the tests' default REST Assured
 * specification: a request without an Authorization header gets one — ingest-service's own identity for the
 * operations only it may call (query-service's /internal indexing, nlp-service's annotate), an admin's token
 * otherwise — so that tests about something else are not about tokens. A test about access sends its own header,
 * or {@link #ANONYMOUS} to send none.
 */
public final class Auth {

    /** Header that makes the default specification send no Authorization at all (it is not sent either). */
    public static final String ANONYMOUS = "X-Dragoman-Test-Anonymous";

    private Auth() {
    }

    public static Tokens tokens() {
        return SharedBackends.get().tokens();
    }

    /** "Bearer …" of a test user of the realm (reader, reader2, writer, curator, admin). */
    public static String bearer(String user) {
        return "Bearer " + tokens().user(user);
    }

    /** "Bearer …" of a service's own identity (ingest-service, nlp-service, query-service). */
    public static String serviceBearer(String service) {
        return "Bearer " + tokens().service(service);
    }

    /** The identity the tests use for a path: ingest-service's for the service-only operations, else an admin's. */
    public static String bearerFor(String path) {
        String p = path == null ? "" : path;
        return p.contains("/internal/") || p.contains("/api/v1/annotate") ? serviceBearer("ingest-service")
                : bearer("admin");
    }

    /** The tests' default specification (set as RestAssured.requestSpecification before each test). */
    public static RequestSpecification spec() {
        return new RequestSpecBuilder().addFilter(new DefaultToken(null)).build();
    }

    /** A specification whose requests carry this user's token unless they name another. */
    public static RequestSpecification spec(String user) {
        return new RequestSpecBuilder().addFilter(new DefaultToken(user)).build();
    }

    private static final class DefaultToken implements Filter {
        private final String user;

        DefaultToken(String user) {
            this.user = user;
        }

        @Override
        public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification response,
                               FilterContext context) {
            if (request.getHeaders().hasHeaderWithName(ANONYMOUS)) {
                request.removeHeader(ANONYMOUS);
                request.removeHeader("Authorization");
            } else if (!request.getHeaders().hasHeaderWithName("Authorization")) {
                request.header("Authorization", user == null ? bearerFor(request.getURI()) : bearer(user));
            }
            return context.next(request, response);
        }
    }
}
