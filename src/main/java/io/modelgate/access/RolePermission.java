package io.modelgate.access;

/** A gateway role may use the models its pattern matches. */
public record RolePermission(String gatewayRole, ModelPattern pattern) {
}
