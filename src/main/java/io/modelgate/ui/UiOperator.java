package io.modelgate.ui;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelgate.access.AccessPolicy;
import io.modelgate.access.GatewayRoles;
import io.modelgate.control.Actor;
import io.modelgate.identity.Claims;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.SecurityIdentity;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.io.IOException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The person signed in to the operator UI: their gateway roles are read from their tokens at the
 * policy's claim paths and mapped exactly as for API callers, so "proxy_admin" means the same everywhere.
 * Claims are taken from the ID token and the access token (Keycloak, for one, puts roles only in the
 * latter); both were verified by Quarkus OIDC during the code flow.
 */
public record UiOperator(String subject, String email, String displayName, Set<String> gatewayRoles) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> CLAIMS = new TypeReference<>() {
    };

    public static UiOperator of(SecurityIdentity identity, AccessPolicy policy) {
        Map<String, Object> claims = new HashMap<>(accessTokenClaims(identity));
        if (identity.getPrincipal() instanceof JsonWebToken idToken) {
            Claims.of(idToken).forEach(claims::putIfAbsent);
        }
        Set<String> roles = policy.gatewayRoles(policy.idpRoles(claims::get));
        String email = claims.get("email") instanceof String e ? e : null;
        String name = claims.get("name") instanceof String n ? n : claims.get("preferred_username") instanceof String u ? u : email;
        return new UiOperator(claims.get("sub") instanceof String sub ? sub : null, email, name, roles);
    }

    public boolean isAdmin() {
        return gatewayRoles.contains(GatewayRoles.PROXY_ADMIN);
    }

    public Actor actor() {
        return new Actor(subject, email);
    }

    private static Map<String, Object> accessTokenClaims(SecurityIdentity identity) {
        AccessTokenCredential credential = identity.getCredential(AccessTokenCredential.class);
        if (credential == null || credential.getToken() == null) {
            return Map.of();
        }
        String[] parts = credential.getToken().split("\\.");
        if (parts.length != 3) {
            return Map.of(); // opaque: nothing to read
        }
        try {
            return JSON.readValue(Base64.getUrlDecoder().decode(parts[1]), CLAIMS);
        } catch (IOException | IllegalArgumentException e) {
            return Map.of();
        }
    }
}
