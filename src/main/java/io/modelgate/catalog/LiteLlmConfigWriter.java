package io.modelgate.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.modelgate.access.RoleMapping;
import io.modelgate.catalog.PolicyDocument.DeploymentSpec;
import io.modelgate.catalog.PolicyDocument.ModelSpec;
import io.modelgate.catalog.PolicyDocument.PermissionSpec;
import io.modelgate.catalog.PolicyDocument.RoleSpec;
import io.modelgate.secret.SecretRef;
import io.modelgate.upstream.UpstreamKind;
import io.modelgate.upstream.credential.CredentialSource.ApiKey;
import io.modelgate.upstream.credential.CredentialSource.AzureAd;
import io.modelgate.upstream.credential.CredentialSource.Custom;
import io.modelgate.upstream.credential.CredentialSource.OAuth2ClientCredentials;
import io.modelgate.upstream.credential.FailurePolicy;
import io.modelgate.upstream.credential.UpstreamCredential;

import java.util.List;
import java.util.TreeMap;

/**
 * Writes a {@link PolicyDocument} in the LiteLLM config format {@link LiteLlmConfig} reads, so that
 * {@code parse(write(document))} gives the document back. Secrets appear only as the
 * {@code os.environ/NAME} references they are stored as. The per-object nodes are also what the admin
 * API shows and accepts, so an object looks the same in the API and in an export.
 */
public final class LiteLlmConfigWriter {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS));

    private LiteLlmConfigWriter() {
    }

    public static String toYaml(PolicyDocument document) {
        try {
            return "# Modelgate policy in LiteLLM config format; secrets are os.environ/ references\n"
                    + YAML.writeValueAsString(toTree(document));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the policy cannot be written as YAML", e);
        }
    }

    public static ObjectNode toTree(PolicyDocument document) {
        ObjectNode root = NODES.objectNode();
        ObjectNode general = root.putObject("general_settings");
        general.set("litellm_jwtauth", settings(document.settings()));
        ArrayNode permissions = general.putArray("role_permissions");
        document.permissions().forEach(p -> permissions.add(permission(p)));
        ObjectNode extensions = root.putObject("modelgate");
        ArrayNode roles = extensions.putArray("roles");
        document.roles().forEach(r -> roles.add(role(r)));
        ArrayNode mappings = extensions.putArray("role_mappings");
        document.mappings().forEach(m -> mappings.add(mapping(m)));
        ArrayNode credentials = root.putArray("credential_list");
        document.credentials().forEach(c -> credentials.add(credential(c)));
        ArrayNode models = root.putArray("model_list");
        for (ModelSpec model : document.models()) {
            boolean first = true;
            for (DeploymentSpec deployment : model.deployments()) {
                ObjectNode entry = models.addObject();
                entry.put("model_name", model.name());
                entry.set("litellm_params", deployment(deployment));
                if (first && (model.description() != null || !model.tags().isEmpty())) {
                    ObjectNode info = entry.putObject("model_info"); // once: the reader merges all entries' info
                    putIfSet(info, "description", model.description());
                    if (!model.tags().isEmpty()) {
                        info.set("tags", strings(model.tags()));
                    }
                }
                first = false;
            }
        }
        return root;
    }

    public static ObjectNode settings(PolicyDocument.Settings settings) {
        ObjectNode node = NODES.objectNode();
        node.set("user_roles_jwt_field", settings.roleClaimPaths().size() == 1
                ? NODES.textNode(settings.roleClaimPaths().get(0)) : strings(settings.roleClaimPaths()));
        node.set("user_allowed_roles", strings(settings.userAllowedRoles()));
        node.put("enforce_rbac", settings.enforceRbac());
        return node;
    }

    public static ObjectNode role(RoleSpec role) {
        ObjectNode node = NODES.objectNode().put("name", role.name());
        putIfSet(node, "description", role.description());
        return node;
    }

    public static ObjectNode mapping(RoleMapping mapping) {
        return NODES.objectNode().put("idp_role", mapping.idpValue()).put("gateway_role", mapping.gatewayRole());
    }

    public static ObjectNode permission(PermissionSpec permission) {
        ObjectNode node = NODES.objectNode().put("role", permission.role());
        node.set("models", strings(permission.models()));
        return node;
    }

    /** A model as the admin API shows it: its deployments in {@code litellm_params} shape. */
    public static ObjectNode model(ModelSpec model) {
        ObjectNode node = NODES.objectNode().put("model_name", model.name());
        putIfSet(node, "description", model.description());
        node.set("tags", strings(model.tags()));
        ArrayNode deployments = node.putArray("deployments");
        model.deployments().forEach(d -> deployments.add(deployment(d)));
        return node;
    }

    public static ObjectNode deployment(DeploymentSpec d) {
        ObjectNode node = NODES.objectNode().put("model", d.kind().prefix() + "/" + d.upstreamModel());
        putIfSet(node, "api_base", d.baseUrl());
        putIfSet(node, "api_key", d.apiKeyRef());
        putIfSet(node, "litellm_credential_name", d.credentialName());
        putIfSet(node, "api_version", d.apiVersion());
        node.put("weight", d.weight());
        putSeconds(node, "timeout", d.readTimeoutMs());
        putSeconds(node, "connect_timeout", d.connectTimeoutMs());
        if (d.kind() == UpstreamKind.MOCK) {
            putIfSet(node, "mock_response", d.mock().response());
            node.put("mock_latency_ms", d.mock().latencyMs());
            node.put("mock_chunk_delay_ms", d.mock().chunkDelayMs());
            node.put("mock_failure_rate", d.mock().failureRate());
            node.put("mock_failure_status", d.mock().failureStatus());
        }
        new TreeMap<>(d.extraParams()).forEach((key, value) -> node.set(key, YAML.valueToTree(value)));
        return node;
    }

    /** A credential in {@code credential_list} shape; secrets only as their references. */
    public static ObjectNode credential(UpstreamCredential credential) {
        ObjectNode node = NODES.objectNode().put("credential_name", credential.name());
        ObjectNode values = node.putObject("credential_values");
        values.put("type", credential.source().type());
        if (credential.source() instanceof ApiKey apiKey) {
            values.put("api_key", apiKey.key().reference());
        } else if (credential.source() instanceof OAuth2ClientCredentials oauth2) {
            values.put("token_url", oauth2.tokenUrl());
            values.put("client_id", oauth2.clientId());
            values.put("client_secret", oauth2.clientSecret().reference());
            if (!oauth2.scopes().isEmpty()) {
                values.set("scope", strings(oauth2.scopes()));
            }
            putIfSet(values, "audience", oauth2.audience().orElse(null));
            values.put("client_auth", oauth2.clientAuthentication().configName());
            if (!oauth2.extraParams().isEmpty()) {
                ObjectNode extra = values.putObject("extra_params");
                new TreeMap<>(oauth2.extraParams()).forEach(extra::put);
            }
        } else if (credential.source() instanceof AzureAd azure) {
            values.put("mode", azure.mode().configName());
            putIfSet(values, "tenant_id", azure.tenantId());
            putIfSet(values, "client_id", azure.clientId());
            putIfSet(values, "client_secret", azure.clientSecret().map(SecretRef::reference).orElse(null));
            putIfSet(values, "federated_token_file", azure.federatedTokenFile().orElse(null));
            values.put("scope", azure.scope());
            putIfSet(values, "authority_host", azure.authorityHost().orElse(null));
            putIfSet(values, "identity_endpoint", azure.identityEndpoint().orElse(null));
        } else if (credential.source() instanceof Custom custom) {
            values.put("bean", custom.bean());
            putIfSet(values, "scope", custom.scope().isEmpty() ? null : custom.scope());
        }
        if (credential.onFailure() != FailurePolicy.FAIL) {
            values.put("on_failure", credential.onFailure().configName());
        }
        putIfSet(values, "api_base", credential.apiBase().orElse(null));
        putIfSet(values, "api_version", credential.apiVersion().orElse(null));
        return node;
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode array = NODES.arrayNode();
        values.forEach(array::add);
        return array;
    }

    private static void putIfSet(ObjectNode node, String name, String value) {
        if (value != null) {
            node.put(name, value);
        }
    }

    private static void putSeconds(ObjectNode node, String name, Integer millis) {
        if (millis != null) {
            if (millis % 1000 == 0) {
                node.put(name, millis / 1000);
            } else {
                node.put(name, millis / 1000.0);
            }
        }
    }
}
