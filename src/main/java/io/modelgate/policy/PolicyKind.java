package io.modelgate.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A kind of object of a policy document, typed: its record, its name and where that sits in its JSON, and its
 * list in the document. The settings are a kind with one object, named {@code settings}. Everything that handles
 * objects one by one — the store, edits, differences, entity tags, the admin API — goes through these.
 */
public final class PolicyKind<T> {

    public static final PolicyKind<JwtAuthSettings> SETTINGS = new PolicyKind<>(PolicyObject.SETTINGS, "settings", null,
            JwtAuthSettings.class, s -> "settings", d -> List.of(d.settings()), (d, list) -> d.withSettings(list.get(0)));
    public static final PolicyKind<GatewayRole> ROLES = new PolicyKind<>(PolicyObject.ROLE, "roles", "name",
            GatewayRole.class, GatewayRole::name, PolicyDocument::roles, PolicyDocument::withRoles);
    public static final PolicyKind<RoleMapping> ROLE_MAPPINGS = new PolicyKind<>(PolicyObject.ROLE_MAPPING, "role-mappings", "idp_role",
            RoleMapping.class, RoleMapping::idpRole, PolicyDocument::roleMappings, PolicyDocument::withRoleMappings);
    public static final PolicyKind<Permission> PERMISSIONS = new PolicyKind<>(PolicyObject.PERMISSION, "permissions", "role",
            Permission.class, Permission::role, PolicyDocument::permissions, PolicyDocument::withPermissions);
    public static final PolicyKind<Credential> CREDENTIALS = new PolicyKind<>(PolicyObject.CREDENTIAL, "credentials", "credential_name",
            Credential.class, Credential::credentialName, PolicyDocument::credentials, PolicyDocument::withCredentials);
    public static final PolicyKind<Model> MODELS = new PolicyKind<>(PolicyObject.MODEL, "models", "model_name",
            Model.class, Model::modelName, PolicyDocument::models, PolicyDocument::withModels);

    public static final PolicyKind<Limit> LIMITS = new PolicyKind<>(PolicyObject.LIMIT, "limits", "name",
            Limit.class, Limit::name, PolicyDocument::limits, PolicyDocument::withLimits);
    public static final PolicyKind<McpServer> MCP_SERVERS = new PolicyKind<>(PolicyObject.MCP_SERVER, "mcp-servers", "server_name",
            McpServer.class, McpServer::serverName, PolicyDocument::mcpServers, PolicyDocument::withMcpServers);

    /** Every kind, in the order a policy is stored, compared and exported. */
    public static final List<PolicyKind<?>> ALL = List.of(SETTINGS, ROLES, ROLE_MAPPINGS, CREDENTIALS, MODELS, MCP_SERVERS,
            PERMISSIONS, LIMITS);

    private final PolicyObject object;
    private final String collection;
    private final String nameField;
    private final Class<T> type;
    private final Function<T, String> name;
    private final Function<PolicyDocument, List<T>> all;
    private final BiFunction<PolicyDocument, List<T>, PolicyDocument> with;

    private PolicyKind(PolicyObject object, String collection, String nameField, Class<T> type, Function<T, String> name,
            Function<PolicyDocument, List<T>> all, BiFunction<PolicyDocument, List<T>, PolicyDocument> with) {
        this.object = object;
        this.collection = collection;
        this.nameField = nameField;
        this.type = type;
        this.name = name;
        this.all = all;
        this.with = with;
    }

    public PolicyObject object() {
        return object;
    }

    /** Its name in URLs: {@code models}, {@code role-mappings}. */
    public String collection() {
        return collection;
    }

    /** The JSON field an object's name is in ({@code model_name}); null for the settings. */
    public String nameField() {
        return nameField;
    }

    public Class<T> type() {
        return type;
    }

    public String nameOf(T object) {
        return name.apply(object);
    }

    public List<T> all(PolicyDocument document) {
        return all.apply(document);
    }

    public Optional<T> find(PolicyDocument document, String key) {
        int at = indexOf(document, key);
        return at < 0 ? Optional.empty() : Optional.of(all(document).get(at));
    }

    /** The index of the object named {@code key}, or -1. */
    public int indexOf(PolicyDocument document, String key) {
        List<T> items = all(document);
        for (int i = 0; i < items.size(); i++) {
            if (key.equals(nameOf(items.get(i)))) {
                return i;
            }
        }
        return -1;
    }

    /** The document with {@code object} in place of the one of its name, or added at the end. */
    public PolicyDocument put(PolicyDocument document, T object) {
        List<T> items = new ArrayList<>(all(document));
        int at = indexOf(document, nameOf(object));
        if (at >= 0) {
            items.set(at, object);
        } else {
            items.add(object);
        }
        return with.apply(document, items);
    }

    /** The document without the object named {@code key}. */
    public PolicyDocument remove(PolicyDocument document, String key) {
        return with.apply(document, all(document).stream().filter(item -> !key.equals(nameOf(item))).toList());
    }

    /** The document with this kind's objects replaced (in the given order). */
    public PolicyDocument with(PolicyDocument document, List<T> objects) {
        return with.apply(document, objects);
    }

    /** The kind of a {@link PolicyObject}. */
    public static PolicyKind<?> of(PolicyObject object) {
        return ALL.stream().filter(kind -> kind.object == object).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(object + " is not a kind of policy object"));
    }

    @Override
    public String toString() {
        return object.auditName();
    }
}
