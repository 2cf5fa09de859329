package io.modelgate.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelgate.policy.Credential;
import io.modelgate.policy.Model;
import io.modelgate.policy.Permission;
import io.modelgate.policy.PolicyKind;
import io.modelgate.policy.PolicyValidationException;
import io.modelgate.policy.SecretSealing;
import io.modelgate.policy.ObjectPath;
import io.modelgate.policy.binding.PolicyInput;
import io.modelgate.policy.binding.PolicyReader;
import io.modelgate.secret.SecretBox;
import io.modelgate.secret.SecretRules;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * One policy object as the admin API and the operator UI's forms send it (JSON in the object's own shape), read
 * into its record: every field checked, typed secrets sealed. The name comes from the URL when there is one; the
 * body may leave it out, but may not disagree.
 */
@ApplicationScoped
public class ObjectBodies {

    private static final String BODY = "(body)";

    private final PolicyReader reader;
    private final SecretRules secrets;

    ObjectBodies(PolicyReader reader, SecretBox box) {
        this.reader = reader;
        this.secrets = new SecretRules(box);
    }

    /** The name of the object a body creates: the body's own. */
    public String nameOf(PolicyKind<?> kind, JsonNode body) {
        return name(kind, body, null);
    }

    /**
     * The body as object {@code key} of {@code kind}.
     *
     * @throws PolicyValidationException naming every field with a problem
     */
    public <T> T read(PolicyKind<T> kind, JsonNode body, String key) {
        JsonNode named = body;
        if (kind.nameField() != null) {
            name(kind, body, key);
            named = ((ObjectNode) body.deepCopy()).put(kind.nameField(), key);
        }
        PolicyInput<T> input = reader.read(named, kind.type(), secrets, BODY);
        if (input.value() instanceof Permission permission && permission.grantsNothing()) {
            input.problem(ObjectPath.of("models"), "list at least one model pattern or MCP grant (delete the permission to remove all)");
        }
        input.throwIfProblems();
        T object = input.value();
        if (object instanceof Model model) {
            return kind.type().cast(SecretSealing.seal(model, secrets));
        }
        return object instanceof Credential credential ? kind.type().cast(SecretSealing.seal(credential, secrets)) : object;
    }

    private static String name(PolicyKind<?> kind, JsonNode body, String urlKey) {
        if (body == null || !body.isObject()) {
            throw new PolicyValidationException(BODY, "must be a JSON object");
        }
        JsonNode named = body.path(kind.nameField());
        String bodyKey = named.isTextual() && !named.asText().isBlank() ? named.asText().trim() : null;
        if (urlKey != null && bodyKey != null && !bodyKey.equals(urlKey)) {
            throw new PolicyValidationException(kind.nameField(), "is '" + bodyKey + "' but the URL names '" + urlKey
                    + "'; to rename, create the new object and delete the old one");
        }
        String key = urlKey != null ? urlKey : bodyKey;
        if (key == null) {
            throw new PolicyValidationException(kind.nameField(), "is required");
        }
        return key;
    }
}
