package io.modelgate.identity;

import io.modelgate.access.AccessPolicy;

import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** A verified token's claims as a caller under a policy: roles read at its claim paths and mapped. Pure. */
public final class Callers {

    private Callers() {
    }

    public static Caller of(Map<String, Object> claims, AccessPolicy policy) {
        Function<String, Object> claim = claims::get;
        Set<String> idpRoles = policy.idpRoles(claim);
        String email = first(claim, "email", "preferred_username", "upn");
        String name = first(claim, "name", "preferred_username");
        return new Caller(text(claim, "iss"), text(claim, "sub"), email, name != null ? name : email, idpRoles,
                policy.gatewayRoles(idpRoles));
    }

    private static String first(Function<String, Object> claims, String... names) {
        for (String name : names) {
            String value = text(claims, name);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static String text(Function<String, Object> claims, String name) {
        return claims.apply(name) instanceof String value && !value.isBlank() ? value : null;
    }
}
