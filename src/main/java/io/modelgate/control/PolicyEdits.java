package io.modelgate.control;

import io.modelgate.catalog.PolicyDocument;
import io.modelgate.catalog.PolicyDocument.ModelSpec;
import io.modelgate.catalog.PolicyDocument.PermissionSpec;
import io.modelgate.catalog.PolicyDocument.RoleSpec;
import io.modelgate.upstream.credential.UpstreamCredential;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Every change an operator can make, as a pure function from one policy document to the next. The
 * service applies them under the policy lock; what they produce is validated as a whole before it
 * is stored.
 */
public final class PolicyEdits {

    private PolicyEdits() {
    }

    public static UnaryOperator<PolicyDocument> putModel(ModelSpec model) {
        return doc -> new PolicyDocument(doc.settings(), doc.roles(), doc.mappings(), doc.permissions(), doc.credentials(),
                upsert(doc.models(), model, ModelSpec::name));
    }

    /** Removes a model and the grants that name it exactly; wildcard and tag rules stay. */
    public static UnaryOperator<PolicyDocument> removeModel(String name) {
        return doc -> {
            List<PermissionSpec> permissions = new ArrayList<>();
            for (PermissionSpec p : doc.permissions()) {
                List<String> patterns = p.models().stream().filter(pattern -> !pattern.equals(name)).toList();
                if (!patterns.isEmpty()) {
                    permissions.add(new PermissionSpec(p.role(), patterns));
                }
            }
            return new PolicyDocument(doc.settings(), doc.roles(), doc.mappings(), permissions, doc.credentials(),
                    without(doc.models(), name, ModelSpec::name));
        };
    }

    public static UnaryOperator<PolicyDocument> putRole(RoleSpec role) {
        return doc -> new PolicyDocument(doc.settings(), upsert(doc.roles(), role, RoleSpec::name), doc.mappings(), doc.permissions(),
                doc.credentials(), doc.models());
    }

    /** Removes a role with its permissions and the mappings to it, as the database's cascade would. */
    public static UnaryOperator<PolicyDocument> removeRole(String name) {
        return doc -> new PolicyDocument(doc.settings(), without(doc.roles(), name, RoleSpec::name),
                doc.mappings().stream().filter(m -> !m.gatewayRole().equals(name)).toList(),
                doc.permissions().stream().filter(p -> !p.role().equals(name)).toList(), doc.credentials(), doc.models());
    }

    /** Sets the model patterns of a role (all its entries become one); an empty list removes them. */
    public static UnaryOperator<PolicyDocument> putPermission(String role, List<String> patterns) {
        return doc -> {
            List<PermissionSpec> permissions = new ArrayList<>(doc.permissions().stream().filter(p -> !p.role().equals(role)).toList());
            if (!patterns.isEmpty()) {
                permissions.add(new PermissionSpec(role, List.copyOf(new LinkedHashSet<>(patterns))));
            }
            return new PolicyDocument(doc.settings(), doc.roles(), doc.mappings(), permissions, doc.credentials(), doc.models());
        };
    }

    /** Sets the gateway roles an IdP role value maps to; an empty set removes the mapping. */
    public static UnaryOperator<PolicyDocument> putMapping(String idpRole, Set<String> gatewayRoles) {
        return doc -> new PolicyDocument(doc.settings(), doc.roles(), ObjectViews.withMapping(doc, idpRole, gatewayRoles),
                doc.permissions(), doc.credentials(), doc.models());
    }

    public static UnaryOperator<PolicyDocument> putCredential(UpstreamCredential credential) {
        return doc -> new PolicyDocument(doc.settings(), doc.roles(), doc.mappings(), doc.permissions(),
                upsert(doc.credentials(), credential, UpstreamCredential::name), doc.models());
    }

    public static UnaryOperator<PolicyDocument> removeCredential(String name) {
        return doc -> new PolicyDocument(doc.settings(), doc.roles(), doc.mappings(), doc.permissions(),
                without(doc.credentials(), name, UpstreamCredential::name), doc.models());
    }

    public static UnaryOperator<PolicyDocument> putSettings(PolicyDocument.Settings settings) {
        return doc -> new PolicyDocument(settings, doc.roles(), doc.mappings(), doc.permissions(), doc.credentials(), doc.models());
    }

    /** Replaces the item with the same name in place, or appends it. */
    private static <T> List<T> upsert(List<T> items, T item, Function<T, String> name) {
        List<T> result = new ArrayList<>(items);
        for (int i = 0; i < result.size(); i++) {
            if (name.apply(result.get(i)).equals(name.apply(item))) {
                result.set(i, item);
                return result;
            }
        }
        result.add(item);
        return result;
    }

    private static <T> List<T> without(List<T> items, String key, Function<T, String> name) {
        return items.stream().filter(item -> !name.apply(item).equals(key)).toList();
    }
}
