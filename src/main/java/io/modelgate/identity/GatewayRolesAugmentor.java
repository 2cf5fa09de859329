package io.modelgate.identity;

import io.modelgate.access.AccessPolicy;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.IdTokenCredential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Gives every identity Quarkus OIDC establishes its gateway roles, as Quarkus security roles, and its
 * {@link Caller} (attribute {@link Caller#ATTRIBUTE}): the roles read at the active policy's claim paths and
 * mapped as for API callers, so {@code @RolesAllowed("proxy_admin")} means what the policy says — for the
 * operator UI's sign-in exactly as for bearer tokens. A code-flow identity's claims are its ID token's and, where
 * the tenant has Quarkus verify the access token too ({@code authentication.verify-access-token}), the access
 * token's (Keycloak puts roles only there).
 */
@ApplicationScoped
public class GatewayRolesAugmentor implements SecurityIdentityAugmentor {

    private static final String TENANT_ID = "tenant-id";

    private final AccessPolicySource policies;
    private final Config config;

    GatewayRolesAugmentor(AccessPolicySource policies, Config config) {
        this.policies = policies;
        this.config = config;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        Optional<AccessPolicy> policy = policies.accessPolicy();
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token) || policy.isEmpty()) {
            return Uni.createFrom().item(identity);
        }
        Map<String, Object> claims = new HashMap<>(verifiedAccessTokenClaims(identity));
        Claims.of(token).forEach(claims::putIfAbsent);
        Caller caller = Callers.of(claims, policy.get());
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder(identity).addRoles(caller.gatewayRoles())
                .addAttribute(Caller.ATTRIBUTE, caller).build());
    }

    /** The access token's claims of a code-flow identity whose tenant verified it; none otherwise. */
    private Map<String, Object> verifiedAccessTokenClaims(SecurityIdentity identity) {
        AccessTokenCredential access = identity.getCredential(AccessTokenCredential.class);
        Object tenant = identity.getAttribute(TENANT_ID);
        if (identity.getCredential(IdTokenCredential.class) == null || access == null || access.getToken() == null || tenant == null
                || !config.getOptionalValue("quarkus.oidc." + tenant + ".authentication.verify-access-token", Boolean.class).orElse(false)) {
            return Map.of();
        }
        try {
            // verified by Quarkus OIDC during the code flow (signature, issuer, expiry): only its claims are read here
            var claims = new JwtConsumerBuilder().setSkipSignatureVerification().setSkipAllValidators().setDisableRequireSignature()
                    .build().processToClaims(access.getToken());
            Map<String, Object> values = new HashMap<>();
            claims.getClaimsMap().forEach((name, value) -> values.put(name, Claims.plain(value)));
            return values;
        } catch (InvalidJwtException opaque) {
            return Map.of();
        }
    }
}
