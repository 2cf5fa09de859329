package io.modelgate.access;

import java.util.Set;

/** The gateway roles Modelgate itself knows; operators may define more. */
public final class BuiltInRoles {

    /** Administers Modelgate (the admin API and UI); calls the models its permissions allow, like any role. */
    public static final String PROXY_ADMIN = "proxy_admin";
    /** What LiteLLM's {@code user_allowed_roles} grant. */
    public static final String INTERNAL_USER = "internal_user";
    public static final String TEAM = "team";
    /** The roles every policy has, declared or not. */
    public static final Set<String> ALL = Set.of(PROXY_ADMIN, INTERNAL_USER, TEAM);

    private BuiltInRoles() {
    }
}
