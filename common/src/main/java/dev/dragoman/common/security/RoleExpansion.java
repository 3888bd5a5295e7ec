package dev.dragoman.common.security;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.HashSet;
import java.util.Set;

/**
 * What a role implies, decided here rather than in each identity provider's configuration (the chart may point at
 * any OIDC issuer): writer and curator also read; admin is reader, writer and curator. The service roles (indexer,
 * annotator) are implied by nothing: only a service's own identity holds them.
 */
@ApplicationScoped
public class RoleExpansion implements SecurityIdentityAugmentor {

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous()) {
            return Uni.createFrom().item(identity);
        }
        Set<String> implied = implied(identity.getRoles());
        if (implied.isEmpty()) {
            return Uni.createFrom().item(identity);
        }
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder(identity).addRoles(implied).build());
    }

    /** The roles implied by these and not among them. */
    public static Set<String> implied(Set<String> roles) {
        Set<String> implied = new HashSet<>();
        if (roles.contains(Roles.ADMIN)) {
            implied.addAll(Set.of(Roles.READER, Roles.WRITER, Roles.CURATOR));
        }
        if (roles.contains(Roles.WRITER) || roles.contains(Roles.CURATOR)) {
            implied.add(Roles.READER);
        }
        implied.removeAll(roles);
        return implied;
    }
}
