package io.modelgate.ui;

import io.modelgate.identity.Caller;
import io.quarkus.security.identity.SecurityIdentity;

/** The person signed in to the operator UI, as the identity's augmentation made them a {@link Caller}. */
final class Operator {

    private Operator() {
    }

    static Caller of(SecurityIdentity identity) {
        Caller caller = identity == null ? null : identity.getAttribute(Caller.ATTRIBUTE);
        if (caller == null) { // signed in, but no policy was loaded to read their roles by
            String name = identity == null || identity.getPrincipal() == null ? null : identity.getPrincipal().getName();
            return new Caller(null, name, null, name, java.util.Set.of(), java.util.Set.of());
        }
        return caller;
    }
}
