package io.modelgate.access;

/** The gateway roles Modelgate itself knows; operators may define more. */
public final class GatewayRoles {

    /** Administers Modelgate and may use every model. */
    public static final String PROXY_ADMIN = "proxy_admin";
    /** What LiteLLM's {@code user_allowed_roles} grant. */
    public static final String INTERNAL_USER = "internal_user";
    public static final String TEAM = "team";

    private GatewayRoles() {
    }
}
