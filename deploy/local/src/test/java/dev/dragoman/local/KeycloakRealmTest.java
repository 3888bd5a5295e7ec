package dev.dragoman.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The local stack's real Keycloak with the committed dragoman realm: each test user's token carries its role, the
 * service identities carry theirs (ingest-service may index and annotate; the others nothing), every token is issued
 * by the realm's issuer and signed (RS256), and a wrong password gets no token.
 */
class KeycloakRealmTest {

    private static KeycloakNode keycloak;
    private static Path runDir;

    @BeforeAll
    static void start() throws Exception {
        runDir = Files.createTempDirectory(Processes.sharedWorkDir(), "realm-test-");
        keycloak = KeycloakNode.start(runDir, 0);
    }

    @AfterAll
    static void stop() {
        if (keycloak != null) {
            keycloak.close();
        }
        Processes.deleteTree(runDir);
    }

    @Test
    void eachUserAndServiceGetsATokenWithItsRoles() throws Exception {
        Tokens tokens = new Tokens(keycloak.issuer());
        for (String user : Tokens.USERS) {
            JsonNode claims = claims(tokens.user(user));
            assertEquals(keycloak.issuer(), claims.path("iss").asText());
            assertEquals(user, claims.path("preferred_username").asText());
            String role = user.replaceAll("\\d+$", "");
            assertTrue(roles(claims).contains(role), user + ": " + roles(claims));
            assertTrue(roles(claims).stream().noneMatch(r -> Set.of("indexer", "annotator").contains(r)),
                    "a person never holds a service's role: " + roles(claims));
        }
        Set<String> ingest = roles(claims(tokens.service("ingest-service")));
        assertTrue(ingest.containsAll(Set.of("indexer", "annotator")), ingest.toString());
        for (String other : Set.of("nlp-service", "query-service")) {
            Set<String> roles = roles(claims(tokens.service(other)));
            assertTrue(roles.stream().noneMatch(r -> Set.of("reader", "writer", "curator", "admin", "indexer",
                    "annotator").contains(r)), other + ": " + roles);
        }
        assertEquals("RS256", header(tokens.user("reader")).path("alg").asText());
    }

    @Test
    void aWrongSecretGetsNoToken() {
        Tokens tokens = new Tokens(keycloak.issuer());
        assertThrows(IllegalStateException.class, () -> tokens.service("no-such-service"));
    }

    private static Set<String> roles(JsonNode claims) {
        Set<String> roles = new TreeSet<>();
        claims.path("realm_access").path("roles").forEach(r -> roles.add(r.asText()));
        return roles;
    }

    private static JsonNode claims(String jwt) throws Exception {
        return new ObjectMapper().readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    }

    private static JsonNode header(String jwt) throws Exception {
        return new ObjectMapper().readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[0]));
    }
}
