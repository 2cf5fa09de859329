package io.modelgate.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelgate.access.GatewayRoles;
import io.modelgate.catalog.LiteLlmConfig;
import io.modelgate.catalog.PolicyDocument;
import io.modelgate.catalog.PolicyValidationException;
import io.modelgate.secret.SecretBox;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * The named objects of a policy as collections an operator edits (models, roles, permissions, role
 * mappings, credentials): how an object is named in its JSON, how a JSON object becomes an edit, and
 * how one is removed. The JSON shapes are LiteLLM's, as in an export.
 */
public enum PolicyCollection {
    MODELS("models", PolicyObject.MODEL, "model_name"),
    ROLES("roles", PolicyObject.ROLE, "name"),
    PERMISSIONS("permissions", PolicyObject.PERMISSION, "role"),
    ROLE_MAPPINGS("role-mappings", PolicyObject.ROLE_MAPPING, "idp_role"),
    CREDENTIALS("credentials", PolicyObject.CREDENTIAL, "credential_name");

    private final String path;
    private final PolicyObject kind;
    private final String nameField;

    PolicyCollection(String path, PolicyObject kind, String nameField) {
        this.path = path;
        this.kind = kind;
        this.nameField = nameField;
    }

    public String path() {
        return path;
    }

    public PolicyObject kind() {
        return kind;
    }

    public static Optional<PolicyCollection> fromPath(String path) {
        for (PolicyCollection collection : values()) {
            if (collection.path.equals(path)) {
                return Optional.of(collection);
            }
        }
        return Optional.empty();
    }

    /**
     * The object's name: the one in the URL when given, which the body must then agree with (renaming
     * is delete and create), else the body's.
     */
    public String keyOf(JsonNode body, String urlKey) {
        if (body == null || !body.isObject()) {
            throw new PolicyValidationException("(body)", "must be a JSON object");
        }
        JsonNode named = body.path(nameField);
        String bodyKey = named.isTextual() && !named.asText().isBlank() ? named.asText().trim() : null;
        if (urlKey != null && bodyKey != null && !bodyKey.equals(urlKey)) {
            throw new PolicyValidationException(nameField, "is '" + bodyKey + "' but the URL names '" + urlKey
                    + "'; to rename, create the new object and delete the old one");
        }
        String key = urlKey != null ? urlKey : bodyKey;
        if (key == null) {
            throw new PolicyValidationException(nameField, "is required");
        }
        return key;
    }

    /**
     * The edit that stores {@code body} as the object named {@code key}, validated against the policy it
     * applies to; secret values in it are sealed with {@code secrets}.
     */
    public UnaryOperator<PolicyDocument> put(JsonNode body, String key, SecretBox secrets) {
        JsonNode named = body.deepCopy();
        ((ObjectNode) named).put(nameField, key);
        return doc -> switch (this) {
            case MODELS -> PolicyEdits.putModel(LiteLlmConfig.parseModel(named, credentialNames(doc), secrets)).apply(doc);
            case ROLES -> PolicyEdits.putRole(LiteLlmConfig.parseRole(named)).apply(doc);
            case PERMISSIONS -> {
                PolicyDocument.PermissionSpec permission = LiteLlmConfig.parsePermission(named, doc.gatewayRoleNames());
                if (permission.models().isEmpty()) {
                    throw new PolicyValidationException("models", "list at least one model pattern (delete the permission to remove all)");
                }
                yield PolicyEdits.putPermission(key, permission.models()).apply(doc);
            }
            case ROLE_MAPPINGS -> PolicyEdits.putMapping(key, gatewayRoles(named, doc.gatewayRoleNames())).apply(doc);
            case CREDENTIALS -> PolicyEdits.putCredential(LiteLlmConfig.parseCredential(named, secrets)).apply(doc);
        };
    }

    public UnaryOperator<PolicyDocument> remove(String key) {
        return switch (this) {
            case MODELS -> PolicyEdits.removeModel(key);
            case ROLES -> {
                if (GatewayRoles.BUILTIN.contains(key)) {
                    throw new PolicyValidationException("name", "'" + key + "' is a built-in role and cannot be deleted");
                }
                yield PolicyEdits.removeRole(key);
            }
            case PERMISSIONS -> PolicyEdits.putPermission(key, List.of());
            case ROLE_MAPPINGS -> PolicyEdits.putMapping(key, Set.of());
            case CREDENTIALS -> PolicyEdits.removeCredential(key);
        };
    }

    private static Set<String> gatewayRoles(JsonNode body, Set<String> known) {
        JsonNode roles = body.path("gateway_roles");
        if (!roles.isArray() || roles.isEmpty()) {
            throw new PolicyValidationException("gateway_roles", "must be a non-empty list of gateway roles");
        }
        Set<String> result = new LinkedHashSet<>();
        for (int i = 0; i < roles.size(); i++) {
            // one mapping per value, read (and checked) as LiteLLM's idp_role/gateway_role pair
            result.add(LiteLlmConfig.parseMapping(body.deepCopy().<ObjectNode>require()
                    .put("gateway_role", roles.get(i).asText()), known).gatewayRole());
        }
        return result;
    }

    private static Set<String> credentialNames(PolicyDocument doc) {
        return doc.credentials().stream().map(c -> c.name()).collect(Collectors.toSet());
    }
}
