package io.modelgate.access;

/** An IdP role value (as found at the roles claim path) that grants a gateway role. */
public record RoleMapping(String idpValue, String gatewayRole) {
}
