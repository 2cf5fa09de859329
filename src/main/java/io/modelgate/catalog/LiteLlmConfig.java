package io.modelgate.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.modelgate.access.AccessSettings;
import io.modelgate.access.GatewayRoles;
import io.modelgate.access.ModelPattern;
import io.modelgate.access.RoleClaimPath;
import io.modelgate.access.RoleMapping;
import io.modelgate.catalog.PolicyDocument.DeploymentSpec;
import io.modelgate.catalog.PolicyDocument.ModelSpec;
import io.modelgate.catalog.PolicyDocument.PermissionSpec;
import io.modelgate.catalog.PolicyDocument.RoleSpec;
import io.modelgate.catalog.PolicyValidationException.Problem;
import io.modelgate.upstream.MockBehaviour;
import io.modelgate.secret.SecretBox;
import io.modelgate.secret.SecretRef;
import io.modelgate.upstream.UpstreamKind;
import io.modelgate.upstream.credential.CredentialSource;
import io.modelgate.upstream.credential.CredentialSource.ApiKey;
import io.modelgate.upstream.credential.CredentialSource.AzureAd;
import io.modelgate.upstream.credential.CredentialSource.AzureMode;
import io.modelgate.upstream.credential.CredentialSource.ClientAuthentication;
import io.modelgate.upstream.credential.CredentialSource.Custom;
import io.modelgate.upstream.credential.CredentialSource.OAuth2ClientCredentials;
import io.modelgate.upstream.credential.FailurePolicy;
import io.modelgate.upstream.credential.UpstreamCredential;

import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a LiteLLM-style proxy config into a {@link PolicyDocument}.
 *
 * <p>Understood: {@code general_settings.litellm_jwtauth.{user_roles_jwt_field, user_allowed_roles,
 * enforce_rbac}}, {@code role_permissions} (under {@code general_settings} or at the top level),
 * {@code model_list} ({@code model_name}, or its synonym {@code model}, with {@code litellm_params}
 * and {@code model_info}) and {@code credential_list} (referenced with {@code litellm_credential_name}). Modelgate's own additions sit under a top-level {@code modelgate} key:
 * {@code roles[{name, description}]} and {@code role_mappings[{idp_role, gateway_role}]}.
 *
 * <p>Every problem is reported with the path of the field it is in, and all problems are reported
 * at once.
 */
public final class LiteLlmConfig {

    /** LiteLLM parameters that Modelgate maps to columns; anything else is kept as an extra parameter. */
    private static final Set<String> MAPPED_PARAMS = Set.of("model", "api_base", "api_key", "api_version", "weight",
            "timeout", "connect_timeout", "tags", "mock_response", "mock_latency_ms", "mock_chunk_delay_ms",
            "mock_failure_rate", "mock_failure_status", "litellm_credential_name");
    /** A key given twice would silently override the first (say, enforce_rbac): refused instead. */
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    private final List<Problem> problems = new ArrayList<>();
    /** Seals secret values and checks sealed ones; null where only references are accepted (bootstrap files). */
    private final SecretBox secrets;

    private LiteLlmConfig(SecretBox secrets) {
        this.secrets = secrets;
    }

    /** Parses and validates; throws {@link PolicyValidationException} listing every problem. */
    public static PolicyDocument parse(String yaml) {
        return new LiteLlmConfig(null).read(yaml);
    }

    /** As {@link #parse(String)}, sealing secret values with {@code secrets} (admin import). */
    public static PolicyDocument parse(String yaml, SecretBox secrets) {
        return new LiteLlmConfig(secrets).read(yaml);
    }

    /**
     * One model as the admin API writes it: {@code model_name}, {@code description}, {@code tags} and
     * {@code deployments}, each deployment in LiteLLM's {@code litellm_params} shape.
     */
    public static ModelSpec parseModel(JsonNode node, Set<String> credentialNames, SecretBox secrets) {
        LiteLlmConfig reader = new LiteLlmConfig(secrets);
        ModelSpec model = reader.readModelResource(reader.root(node), credentialNames);
        reader.throwIfProblems();
        return model;
    }

    /** One upstream credential in {@code credential_list}'s item shape. */
    public static UpstreamCredential parseCredential(JsonNode node, SecretBox secrets) {
        LiteLlmConfig reader = new LiteLlmConfig(secrets);
        UpstreamCredential credential = reader.readCredential(reader.root(node), "", new LinkedHashSet<>());
        reader.throwIfProblems();
        return credential;
    }

    /** {@code litellm_jwtauth}'s {@code user_roles_jwt_field}, {@code user_allowed_roles}, {@code enforce_rbac}. */
    public static PolicyDocument.Settings parseSettings(JsonNode node) {
        LiteLlmConfig reader = new LiteLlmConfig(null);
        PolicyDocument.Settings settings = reader.readSettings(reader.root(node), "");
        reader.throwIfProblems();
        return settings;
    }

    /** A gateway role: {@code name}, {@code description}. */
    public static RoleSpec parseRole(JsonNode node) {
        LiteLlmConfig reader = new LiteLlmConfig(null);
        List<RoleSpec> roles = reader.readRoles(YAML.createArrayNode().add(reader.root(node)), "");
        reader.throwIfProblems();
        return roles.get(0);
    }

    /** One {@code role_permissions} entry: {@code role}, {@code models}. */
    public static PermissionSpec parsePermission(JsonNode node, Set<String> roleNames) {
        LiteLlmConfig reader = new LiteLlmConfig(null);
        List<PermissionSpec> permissions = reader.readPermissions(YAML.createArrayNode().add(reader.root(node)), "", roleNames);
        reader.throwIfProblems();
        return permissions.get(0);
    }

    /** One role mapping: {@code idp_role}, {@code gateway_role}. */
    public static RoleMapping parseMapping(JsonNode node, Set<String> roleNames) {
        LiteLlmConfig reader = new LiteLlmConfig(null);
        List<RoleMapping> mappings = reader.readMappings(YAML.createArrayNode().add(reader.root(node)), "", roleNames);
        reader.throwIfProblems();
        return mappings.get(0);
    }

    private JsonNode root(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new PolicyValidationException("(body)", "must be a JSON object");
        }
        return node;
    }

    private void throwIfProblems() {
        if (!problems.isEmpty()) {
            throw new PolicyValidationException(problems);
        }
    }

    private ModelSpec readModelResource(JsonNode node, Set<String> credentialNames) {
        String name = requiredText(node, "model_name", "");
        String description = optionalText(node, "description", "");
        List<String> tags = stringOrList(node.path("tags"), "tags");
        List<DeploymentSpec> deployments = new ArrayList<>();
        forEachItem(node.path("deployments"), "deployments", (item, at) -> {
            DeploymentSpec deployment = readDeployment(item, at, credentialNames);
            if (deployment != null) {
                deployments.add(deployment);
            }
        });
        if (!node.has("deployments") || node.path("deployments").isArray() && node.path("deployments").isEmpty()) {
            problem("deployments", "at least one deployment is required");
        }
        return new ModelSpec(name, description, List.copyOf(new LinkedHashSet<>(tags)), deployments);
    }

    private PolicyDocument read(String yaml) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            throw new PolicyValidationException("(file)", "not valid YAML" + where + ": " + yamlProblem(e));
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new PolicyValidationException("(file)", "the file is empty");
        }
        if (!root.isObject()) {
            throw new PolicyValidationException("(file)", "the top level must be a mapping");
        }
        JsonNode general = object(root, "general_settings", "general_settings");
        JsonNode jwtAuth = object(general, "litellm_jwtauth", "general_settings.litellm_jwtauth");
        JsonNode extensions = object(root, "modelgate", "modelgate");

        PolicyDocument.Settings settings = readSettings(jwtAuth, "general_settings.litellm_jwtauth");
        List<RoleSpec> roles = readRoles(extensions.path("roles"), "modelgate.roles");
        Set<String> roleNames = new LinkedHashSet<>(GatewayRoles.BUILTIN);
        roles.forEach(r -> roleNames.add(r.name()));
        List<RoleMapping> mappings = readMappings(extensions.path("role_mappings"), "modelgate.role_mappings", roleNames);
        List<PermissionSpec> permissions = new ArrayList<>();
        permissions.addAll(readPermissions(general.path("role_permissions"), "general_settings.role_permissions", roleNames));
        permissions.addAll(readPermissions(root.path("role_permissions"), "role_permissions", roleNames));
        List<UpstreamCredential> credentials = readCredentials(root.path("credential_list"));
        Set<String> credentialNames = new LinkedHashSet<>();
        credentials.forEach(c -> credentialNames.add(c.name()));
        List<ModelSpec> models = readModels(root.path("model_list"), credentialNames);

        if (!problems.isEmpty()) {
            throw new PolicyValidationException(problems);
        }
        PolicyDocument document = new PolicyDocument(settings, roles, mappings, permissions, credentials, models);
        PolicyChecks.check(document);
        return document;
    }

    /** What is wrong, without the parser's copy of the offending line: that line may hold a secret. */
    private static String yamlProblem(JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblem() != null) {
            return yaml.getContext() == null ? yaml.getProblem() : yaml.getContext() + ": " + yaml.getProblem();
        }
        if (e.getMessage() != null && e.getMessage().startsWith("Duplicate field")) {
            return "a key appears twice in the same mapping (" + e.getOriginalMessage().replaceAll(" for ObjectNode.*", "") + ")";
        }
        return e.getOriginalMessage();
    }

    private PolicyDocument.Settings readSettings(JsonNode jwtAuth, String at) {
        String field = at + ".user_roles_jwt_field";
        List<String> paths = stringOrList(jwtAuth.path("user_roles_jwt_field"), field);
        if (paths.isEmpty()) {
            paths = List.of(AccessSettings.DEFAULT_ROLE_CLAIM_PATH);
        }
        for (String path : paths) {
            try {
                RoleClaimPath.parse(path);
            } catch (IllegalArgumentException e) {
                problem(field, e.getMessage());
            }
        }
        List<String> allowed = stringOrList(jwtAuth.path("user_allowed_roles"), at + ".user_allowed_roles");
        boolean enforce = bool(jwtAuth.path("enforce_rbac"), at + ".enforce_rbac", true);
        return new PolicyDocument.Settings(paths, allowed, enforce);
    }

    private List<RoleSpec> readRoles(JsonNode node, String field) {
        List<RoleSpec> roles = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        forEachItem(node, field, (item, at) -> {
            String name = requiredText(item, "name", at);
            if (name == null) {
                return;
            }
            if (!name.matches("[A-Za-z0-9_.:-]+")) {
                problem(at + ".name", "'" + name + "' may contain only letters, digits and _ . : -");
            } else if (GatewayRoles.BUILTIN.contains(name)) {
                problem(at + ".name", "'" + name + "' is a built-in role and need not be declared");
            } else if (!seen.add(name)) {
                problem(at + ".name", "role '" + name + "' is declared twice");
            } else {
                roles.add(new RoleSpec(name, optionalText(item, "description", at)));
            }
        });
        return roles;
    }

    private List<RoleMapping> readMappings(JsonNode node, String field, Set<String> roleNames) {
        List<RoleMapping> mappings = new ArrayList<>();
        forEachItem(node, field, (item, at) -> {
            String value = requiredText(item, "idp_role", at);
            String role = requiredText(item, "gateway_role", at);
            if (value != null && role != null && knownRole(role, roleNames, at + ".gateway_role")) {
                mappings.add(new RoleMapping(value, role));
            }
        });
        return mappings;
    }

    private List<PermissionSpec> readPermissions(JsonNode node, String field, Set<String> roleNames) {
        List<PermissionSpec> permissions = new ArrayList<>();
        forEachItem(node, field, (item, at) -> {
            String role = requiredText(item, "role", at);
            List<String> patterns = stringOrList(item.path("models"), at + ".models");
            for (int i = 0; i < patterns.size(); i++) {
                try {
                    ModelPattern.parse(patterns.get(i));
                } catch (IllegalArgumentException e) {
                    problem(at + ".models[" + i + "]", e.getMessage());
                }
            }
            if (role != null && knownRole(role, roleNames, at + ".role")) {
                permissions.add(new PermissionSpec(role, patterns));
            }
        });
        return permissions;
    }

    private boolean knownRole(String role, Set<String> roleNames, String at) {
        if (roleNames.contains(role)) {
            return true;
        }
        problem(at, "unknown gateway role '" + role + "'; known roles are " + roleNames
                + " (declare others under modelgate.roles)");
        return false;
    }

    private List<ModelSpec> readModels(JsonNode node, Set<String> credentialNames) {
        // Entries sharing a model_name are deployments of one model (LiteLLM's load-balancing group).
        Map<String, ModelBuilder> byName = new LinkedHashMap<>();
        forEachItem(node, "model_list", (item, at) -> {
            String name = item.has("model") && !item.has("model_name") ? requiredText(item, "model", at)
                    : requiredText(item, "model_name", at);
            JsonNode params = object(item, "litellm_params", at + ".litellm_params");
            if (!item.has("litellm_params")) {
                problem(at + ".litellm_params", "is required");
            }
            JsonNode info = object(item, "model_info", at + ".model_info");
            DeploymentSpec deployment = readDeployment(params, at + ".litellm_params", credentialNames);
            if (name == null || deployment == null) {
                return;
            }
            ModelBuilder model = byName.computeIfAbsent(name, ModelBuilder::new);
            if (model.description == null) {
                model.description = optionalText(info, "description", at + ".model_info");
            }
            model.tags.addAll(stringOrList(info.path("tags"), at + ".model_info.tags"));
            model.tags.addAll(stringOrList(params.path("tags"), at + ".litellm_params.tags"));
            model.deployments.add(deployment);
        });
        List<ModelSpec> models = new ArrayList<>();
        byName.values().forEach(b -> models.add(new ModelSpec(b.name, b.description, List.copyOf(b.tags), b.deployments)));
        return models;
    }

    private DeploymentSpec readDeployment(JsonNode params, String at, Set<String> credentialNames) {
        String model = requiredText(params, "model", at);
        if (model == null) {
            return null;
        }
        UpstreamKind kind = UpstreamKind.OPENAI;
        String upstreamModel = model;
        int slash = model.indexOf('/');
        if (slash > 0) {
            String prefix = model.substring(0, slash);
            try {
                kind = UpstreamKind.fromPrefix(prefix);
                upstreamModel = model.substring(slash + 1);
            } catch (IllegalArgumentException e) {
                problem(at + ".model", "provider '" + prefix + "' is not supported; use openai/ (any "
                        + "OpenAI-compatible endpoint with api_base), azure/ or mock/");
                return null;
            }
        }
        if (upstreamModel.isBlank()) {
            problem(at + ".model", "names a provider but no model");
            return null;
        }
        String baseUrl = optionalText(params, "api_base", at);
        if (baseUrl != null) {
            checkUrl(baseUrl, at + ".api_base");
        }
        String credential = optionalText(params, "litellm_credential_name", at);
        if (credential != null && !credentialNames.contains(credential)) {
            problem(at + ".litellm_credential_name", "no credential named '" + credential + "' in credential_list");
            credential = null;
        }
        if (baseUrl == null && kind == UpstreamKind.AZURE && credential == null) {
            problem(at + ".api_base", "is required for azure/ deployments (https://<resource>.openai.azure.com)");
        }
        String apiKey = secretRef(params, "api_key", at);
        if (apiKey != null && credential != null) {
            problem(at + ".api_key", "give either api_key or litellm_credential_name, not both");
        }
        int weight = integer(params.path("weight"), at + ".weight", 1, 1, 1_000_000);
        Integer readTimeout = seconds(params.path("timeout"), at + ".timeout");
        Integer connectTimeout = seconds(params.path("connect_timeout"), at + ".connect_timeout");
        MockBehaviour mock = MockBehaviour.DEFAULT;
        if (kind == UpstreamKind.MOCK) {
            mock = new MockBehaviour(optionalText(params, "mock_response", at),
                    integer(params.path("mock_latency_ms"), at + ".mock_latency_ms", 0, 0, 600_000),
                    integer(params.path("mock_chunk_delay_ms"), at + ".mock_chunk_delay_ms",
                            MockBehaviour.DEFAULT.chunkDelayMs(), 0, 60_000),
                    fraction(params.path("mock_failure_rate"), at + ".mock_failure_rate"),
                    integer(params.path("mock_failure_status"), at + ".mock_failure_status", 500, 400, 599));
        }
        Map<String, Object> extra = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = params.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (!MAPPED_PARAMS.contains(f.getKey())) {
                if (f.getValue().isValueNode() && !f.getValue().isNull()) {
                    extra.put(f.getKey(), f.getValue().isNumber() ? f.getValue().numberValue()
                            : f.getValue().isBoolean() ? (Object) f.getValue().booleanValue() : f.getValue().asText());
                } else {
                    problem(at + "." + f.getKey(), "only plain values are supported for parameters Modelgate does not use");
                }
            }
        }
        return new DeploymentSpec(kind, baseUrl, upstreamModel, apiKey, credential, optionalText(params, "api_version", at), weight,
                connectTimeout, readTimeout, mock, extra);
    }

    /**
     * LiteLLM's {@code credential_list}. Without a {@code type} an entry is LiteLLM's own kind (a key, and
     * perhaps {@code api_base}/{@code api_version}); Modelgate adds {@code oauth2_client_credentials},
     * {@code azure_ad} and {@code custom}.
     */
    private List<UpstreamCredential> readCredentials(JsonNode node) {
        List<UpstreamCredential> credentials = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        forEachItem(node, "credential_list", (item, at) -> {
            UpstreamCredential credential = readCredential(item, at, seen);
            if (credential != null) {
                credentials.add(credential);
            }
        });
        return credentials;
    }

    private UpstreamCredential readCredential(JsonNode item, String at, Set<String> seen) {
        String name = requiredText(item, "credential_name", at);
        String vat = at + ".credential_values";
        JsonNode values = object(item, "credential_values", vat);
        if (name == null) {
            return null;
        }
        if (!name.matches("[A-Za-z0-9_.:-]+")) {
            problem(at + ".credential_name", "may contain only letters, digits and _ . : -");
            return null;
        }
        if (!seen.add(name)) {
            problem(at + ".credential_name", "credential '" + name + "' is declared twice");
            return null;
        }
        String type = Optional.ofNullable(optionalText(values, "type", vat)).orElse("api_key");
        FailurePolicy onFailure = FailurePolicy.FAIL;
        String policy = optionalText(values, "on_failure", vat);
        if (policy != null) {
            try {
                onFailure = FailurePolicy.fromConfigName(policy);
            } catch (IllegalArgumentException e) {
                problem(vat + ".on_failure", e.getMessage());
            }
        }
        String apiBase = optionalText(values, "api_base", vat);
        if (apiBase != null) {
            checkUrl(apiBase, vat + ".api_base");
        }
        int before = problems.size();
        CredentialSource source = switch (type) {
            case "api_key" -> readApiKeyCredential(values, vat);
            case "oauth2_client_credentials" -> readOAuth2Credential(values, vat);
            case "azure_ad" -> readAzureCredential(values, vat);
            case "custom" -> new Custom(requiredText(values, "bean", vat),
                    Optional.ofNullable(optionalText(values, "scope", vat)).orElse(""));
            default -> {
                problem(vat + ".type", "must be api_key, oauth2_client_credentials, azure_ad or custom");
                yield null;
            }
        };
        if (source == null || problems.size() != before) {
            return null;
        }
        return new UpstreamCredential(name, source, onFailure, Optional.ofNullable(apiBase),
                Optional.ofNullable(optionalText(values, "api_version", vat)));
    }

    private CredentialSource readApiKeyCredential(JsonNode values, String at) {
        String key = secretRef(values, "api_key", at);
        if (key == null && !values.has("api_key")) {
            problem(at + ".api_key", "is required");
        }
        return key == null ? null : new ApiKey(SecretRef.parse(key));
    }

    private CredentialSource readOAuth2Credential(JsonNode values, String at) {
        String tokenUrl = requiredText(values, "token_url", at);
        if (tokenUrl != null) {
            checkUrl(tokenUrl, at + ".token_url");
        }
        String clientId = requiredText(values, "client_id", at);
        String secret = secretRef(values, "client_secret", at);
        if (secret == null && !values.has("client_secret")) {
            problem(at + ".client_secret", "is required");
        }
        List<String> scopes = new ArrayList<>();
        for (String scope : stringOrList(values.path("scope"), at + ".scope")) {
            scopes.addAll(List.of(scope.split("\\s+")));
        }
        Map<String, String> extra = new LinkedHashMap<>();
        JsonNode extraNode = object(values, "extra_params", at + ".extra_params");
        extraNode.fields().forEachRemaining(f -> {
            if (f.getValue().isValueNode() && !f.getValue().isNull()) {
                extra.put(f.getKey(), f.getValue().asText());
            } else {
                problem(at + ".extra_params." + f.getKey(), "must be a single value");
            }
        });
        ClientAuthentication authentication = ClientAuthentication.CLIENT_SECRET_BASIC;
        String method = optionalText(values, "client_auth", at);
        if ("client_secret_post".equals(method)) {
            authentication = ClientAuthentication.CLIENT_SECRET_POST;
        } else if (method != null && !"client_secret_basic".equals(method)) {
            problem(at + ".client_auth", "must be client_secret_basic or client_secret_post");
        }
        if (tokenUrl == null || clientId == null || secret == null) {
            return null;
        }
        return new OAuth2ClientCredentials(tokenUrl, clientId, SecretRef.parse(secret), scopes,
                Optional.ofNullable(optionalText(values, "audience", at)), extra, authentication);
    }

    private CredentialSource readAzureCredential(JsonNode values, String at) {
        AzureMode mode;
        String explicit = optionalText(values, "mode", at);
        if (explicit != null) {
            try {
                mode = AzureMode.valueOf(explicit.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problem(at + ".mode", "must be client_secret, workload_identity or managed_identity");
                return null;
            }
        } else if (bool(values.path("managed_identity"), at + ".managed_identity", false)) {
            mode = AzureMode.MANAGED_IDENTITY;
        } else if (values.has("federated_token_file") || bool(values.path("workload_identity"), at + ".workload_identity", false)) {
            mode = AzureMode.WORKLOAD_IDENTITY;
        } else {
            mode = AzureMode.CLIENT_SECRET;
        }
        String scope = requiredText(values, "scope", at);
        String tenant = mode == AzureMode.MANAGED_IDENTITY ? optionalText(values, "tenant_id", at) : requiredText(values, "tenant_id", at);
        String clientId = mode == AzureMode.MANAGED_IDENTITY ? optionalText(values, "client_id", at) : requiredText(values, "client_id", at);
        String secret = secretRef(values, "client_secret", at);
        if (mode == AzureMode.CLIENT_SECRET && secret == null && !values.has("client_secret")) {
            problem(at + ".client_secret", "is required (or set managed_identity: true, or a federated_token_file)");
        }
        for (String url : List.of("authority_host", "identity_endpoint")) {
            String value = optionalText(values, url, at);
            if (value != null) {
                checkUrl(value, at + "." + url);
            }
        }
        if (scope == null) {
            return null;
        }
        return new AzureAd(mode, tenant, clientId, Optional.ofNullable(secret).map(SecretRef::parse),
                Optional.ofNullable(optionalText(values, "federated_token_file", at)), scope,
                Optional.ofNullable(optionalText(values, "authority_host", at)),
                Optional.ofNullable(optionalText(values, "identity_endpoint", at)));
    }

    /**
     * A secret: a reference ({@code os.environ/NAME}, or a value sealed earlier, which must open with the
     * current key), or — through the admin API with a key configured — a value, which is sealed at once.
     * A refused value is never repeated in the message.
     */
    private String secretRef(JsonNode item, String name, String at) {
        String value = optionalText(item, name, at);
        if (value == null) {
            return null;
        }
        if (SecretRef.isReference(value)) {
            try {
                SecretRef ref = SecretRef.parse(value);
                if (secrets != null && !secrets.opens(ref)) {
                    problem(at + "." + name, secrets.whyMissing(ref));
                    return null;
                }
                return value;
            } catch (IllegalArgumentException e) {
                problem(at + "." + name, value.startsWith(SecretRef.SEALED_PREFIX) ? "the sealed secret is damaged"
                        : "secrets are accepted only as references of the form os.environ/NAME, NAME being an "
                                + "environment variable name (the value is not shown)");
                return null;
            }
        }
        if (secrets != null && secrets.canSeal()) {
            return secrets.seal(value).reference();
        }
        problem(at + "." + name, "secrets are accepted only as references of the form os.environ/NAME, "
                + "NAME being an environment variable name" + (secrets == null ? ""
                        : ", or as values once modelgate.secrets.key is configured to store them encrypted") + " (the value is not shown)");
        return null;
    }

    private void checkUrl(String url, String at) {
        try {
            URI uri = URI.create(url);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                problem(at, "is not an http(s) URL with a host (the value is not shown: it may hold a key)");
            } else if (uri.getUserInfo() != null) {
                problem(at, "must not carry credentials; use api_key");
            }
        } catch (IllegalArgumentException e) {
            problem(at, "is not a valid URL (the value is not shown: it may hold a key)");
        }
    }

    // ---- small typed readers; each records a problem instead of throwing ----

    private interface ItemReader {
        void read(JsonNode item, String at);
    }

    private void forEachItem(JsonNode node, String field, ItemReader reader) {
        if (node.isMissingNode() || node.isNull()) {
            return;
        }
        if (!node.isArray()) {
            problem(field, "must be a list");
            return;
        }
        for (int i = 0; i < node.size(); i++) {
            String at = field + "[" + i + "]";
            if (!node.get(i).isObject()) {
                problem(at, "must be a mapping");
            } else {
                reader.read(node.get(i), at);
            }
        }
    }

    private JsonNode object(JsonNode parent, String name, String at) {
        JsonNode node = parent.path(name);
        if (node.isMissingNode() || node.isNull()) {
            return YAML.createObjectNode();
        }
        if (!node.isObject()) {
            problem(at, "must be a mapping");
            return YAML.createObjectNode();
        }
        return node;
    }

    private String requiredText(JsonNode item, String name, String at) {
        JsonNode node = item.path(name);
        if (node.isMissingNode() || node.isNull() || node.isTextual() && node.asText().isBlank()) {
            problem(at + "." + name, "is required");
            return null;
        }
        if (!node.isValueNode()) {
            problem(at + "." + name, "must be a single value");
            return null;
        }
        return node.asText().trim();
    }

    private String optionalText(JsonNode item, String name, String at) {
        JsonNode node = item.path(name);
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (!node.isValueNode()) {
            problem(at + "." + name, "must be a single value");
            return null;
        }
        String text = node.asText().trim();
        return text.isEmpty() ? null : text;
    }

    private List<String> stringOrList(JsonNode node, String at) {
        List<String> values = new ArrayList<>();
        if (node.isMissingNode() || node.isNull()) {
            return values;
        }
        if (node.isValueNode()) {
            values.add(node.asText().trim());
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                JsonNode item = node.get(i);
                if (!item.isValueNode() || item.isNull() || item.asText().isBlank()) {
                    problem(at + "[" + i + "]", "must be a non-empty string");
                } else {
                    values.add(item.asText().trim());
                }
            }
        } else {
            problem(at, "must be a string or a list of strings");
        }
        return values;
    }

    private boolean bool(JsonNode node, String at, boolean fallback) {
        if (node.isMissingNode() || node.isNull()) {
            return fallback;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isTextual() && ("true".equalsIgnoreCase(node.asText()) || "false".equalsIgnoreCase(node.asText()))) {
            return Boolean.parseBoolean(node.asText());
        }
        problem(at, "must be true or false");
        return fallback;
    }

    private int integer(JsonNode node, String at, int fallback, int min, int max) {
        if (node.isMissingNode() || node.isNull()) {
            return fallback;
        }
        if (!node.canConvertToInt() || node.getNodeType() != JsonNodeType.NUMBER || node.isFloatingPointNumber()
                || node.intValue() < min || node.intValue() > max) {
            problem(at, "must be a whole number from " + min + " to " + max);
            return fallback;
        }
        return node.intValue();
    }

    private double fraction(JsonNode node, String at) {
        if (node.isMissingNode() || node.isNull()) {
            return 0;
        }
        if (!node.isNumber() || node.doubleValue() < 0 || node.doubleValue() > 1) {
            problem(at, "must be a number from 0 to 1");
            return 0;
        }
        return node.doubleValue();
    }

    /** LiteLLM gives timeouts in seconds (possibly fractional); Modelgate stores milliseconds. */
    private Integer seconds(JsonNode node, String at) {
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (!node.isNumber() || node.doubleValue() <= 0 || node.doubleValue() > 86_400) {
            problem(at, "must be a number of seconds greater than 0 and at most 86400");
            return null;
        }
        return (int) Math.max(1, Math.round(node.doubleValue() * 1000));
    }

    private void problem(String field, String message) {
        // resource readers start their paths at "" (".name" -> "name", "[0].role" -> "role")
        String path = field.startsWith("[0].") ? field.substring(4) : field.startsWith(".") ? field.substring(1) : field;
        problems.add(new Problem(path.isEmpty() ? "(body)" : path, message));
    }

    private static final class ModelBuilder {
        final String name;
        String description;
        final Set<String> tags = new LinkedHashSet<>();
        final List<DeploymentSpec> deployments = new ArrayList<>();

        ModelBuilder(String name) {
            this.name = name;
        }
    }
}
