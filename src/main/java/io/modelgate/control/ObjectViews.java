package io.modelgate.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelgate.access.RoleMapping;
import io.modelgate.catalog.LiteLlmConfigWriter;
import io.modelgate.catalog.PolicyDocument;
import io.modelgate.catalog.PolicyDocument.PermissionSpec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The objects of a policy as the admin API shows them, keyed by their natural name, and their entity
 * tags. Pure: the same document gives the same views and tags on every replica, so an {@code ETag}
 * from one replica is checked correctly by another.
 */
public final class ObjectViews {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ObjectViews() {
    }

    /** Every object of a kind, by key, in the document's order. */
    public static Map<String, ObjectNode> all(PolicyDocument document, PolicyObject kind) {
        Map<String, ObjectNode> views = new LinkedHashMap<>();
        switch (kind) {
            case MODEL -> document.models().forEach(m -> views.put(m.name(), LiteLlmConfigWriter.model(m)));
            case ROLE -> document.roles().forEach(r -> views.put(r.name(), LiteLlmConfigWriter.role(r)));
            case CREDENTIAL -> document.credentials().forEach(c -> views.put(c.name(), LiteLlmConfigWriter.credential(c)));
            case PERMISSION -> permissionsByRole(document).forEach((role, patterns) ->
                    views.put(role, LiteLlmConfigWriter.permission(new PermissionSpec(role, List.copyOf(patterns)))));
            case ROLE_MAPPING -> mappingsByIdpRole(document).forEach((idpRole, roles) -> views.put(idpRole, mapping(idpRole, roles)));
            case SETTINGS -> views.put("settings", LiteLlmConfigWriter.settings(document.settings()));
            case POLICY -> views.put("policy", LiteLlmConfigWriter.toTree(document));
        }
        return views;
    }

    public static Optional<ObjectNode> find(PolicyDocument document, PolicyObject kind, String key) {
        return Optional.ofNullable(all(document, kind).get(key));
    }

    /** A strong entity tag: a digest of the object's canonical JSON. */
    public static String etag(JsonNode view) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(view.toString().getBytes(StandardCharsets.UTF_8));
            return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 27) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Patterns per role; a LiteLLM file may list one role in several entries. */
    public static Map<String, Set<String>> permissionsByRole(PolicyDocument document) {
        Map<String, Set<String>> byRole = new LinkedHashMap<>();
        document.permissions().forEach(p -> byRole.computeIfAbsent(p.role(), r -> new LinkedHashSet<>()).addAll(p.models()));
        return byRole;
    }

    /** Gateway roles per IdP role value. */
    public static Map<String, Set<String>> mappingsByIdpRole(PolicyDocument document) {
        Map<String, Set<String>> byIdpRole = new LinkedHashMap<>();
        document.mappings().forEach(m -> byIdpRole.computeIfAbsent(m.idpValue(), v -> new LinkedHashSet<>()).add(m.gatewayRole()));
        return byIdpRole;
    }

    public static ObjectNode mapping(String idpRole, Set<String> gatewayRoles) {
        ObjectNode node = NODES.objectNode().put("idp_role", idpRole);
        ArrayNode roles = node.putArray("gateway_roles");
        gatewayRoles.forEach(roles::add);
        return node;
    }

    /** The mappings of a document with one IdP role's gateway roles replaced (none: removed). */
    public static List<RoleMapping> withMapping(PolicyDocument document, String idpRole, Set<String> gatewayRoles) {
        List<RoleMapping> mappings = new ArrayList<>(document.mappings().stream().filter(m -> !m.idpValue().equals(idpRole)).toList());
        gatewayRoles.forEach(role -> mappings.add(new RoleMapping(idpRole, role)));
        return mappings;
    }
}
