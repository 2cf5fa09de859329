package io.modelgate.snapshot;

import io.modelgate.access.AccessPolicy;
import io.modelgate.access.AccessSettings;
import io.modelgate.access.ModelPattern;
import io.modelgate.access.ModelRef;
import io.modelgate.access.RoleClaimPath;
import io.modelgate.limits.LimitsByModel;
import io.modelgate.policy.Credential;
import io.modelgate.policy.McpServer;
import io.modelgate.access.McpAccess;
import io.modelgate.access.McpPattern;
import io.modelgate.policy.CredentialValues;
import io.modelgate.policy.DeploymentParams;
import io.modelgate.policy.JwtAuthSettings;
import io.modelgate.policy.Model;
import io.modelgate.policy.PolicyDocument;
import io.modelgate.policy.UpstreamKind;
import io.modelgate.store.StoredPolicy;
import io.modelgate.policy.Api;
import io.modelgate.policy.Provider;
import io.modelgate.translate.ChatDialect;
import io.modelgate.upstream.Deployment;
import io.modelgate.upstream.MockBehaviour;
import io.modelgate.upstream.UpstreamTransport;
import io.modelgate.upstream.credential.UpstreamCredential;

import io.modelgate.usage.TokenPrices;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Compiles a stored policy into the snapshot the data plane serves: claim paths and model patterns parsed,
 * IdP values and grants indexed ({@link AccessPolicy}), and every deployment given what it left unsaid — the
 * configured base URL, API version and timeouts, its credential's base URL, the mock's defaults. This is the
 * one place defaults are applied. Pure: the same stored policy and defaults give the same snapshot.
 */
public final class PolicyCompiler {

    /** What deployments that do not say otherwise get, from {@code modelgate.upstream.*}. */
    public record UpstreamDefaults(String baseUrl, String azureApiVersion, String anthropicBaseUrl, String anthropicVersion,
            Duration connectTimeout, Duration readTimeout) {

        String baseUrl(UpstreamKind kind) {
            return switch (kind) {
                case OPENAI -> baseUrl;
                case ANTHROPIC -> anthropicBaseUrl;
                case AZURE, MOCK -> null;
            };
        }

        String apiVersion(UpstreamKind kind) {
            return kind == UpstreamKind.ANTHROPIC ? anthropicVersion : azureApiVersion;
        }
    }

    private PolicyCompiler() {
    }

    /**
     * @param transports what sends the calls of each upstream kind (HTTP, the in-process mock), given to each deployment
     *                   here so that a call never looks its transport up
     */
    public static PolicySnapshot compile(StoredPolicy stored, UpstreamDefaults defaults, Function<UpstreamKind, UpstreamTransport> transports,
            Instant loadedAt) {
        PolicyDocument document = stored.document();
        Map<String, UpstreamCredential> credentials = new HashMap<>();
        for (Credential credential : document.credentials()) {
            credentials.put(credential.credentialName(), new UpstreamCredential(credential.credentialName(), credential.credentialValues()));
        }
        List<ModelRef> refs = new ArrayList<>();
        Map<String, ServedModel> served = new HashMap<>();
        for (Model model : document.models()) {
            refs.add(new ModelRef(model.modelName(), model.allTags()));
            List<Deployment> deployments = new ArrayList<>();
            for (DeploymentParams params : model.deployments()) {
                deployments.add(deployment(model, deployments.size() + 1, params, credentials, defaults, transports));
            }
            served.put(model.modelName(), new ServedModel(model.modelName(), model.description(),
                    stored.modelsCreatedAt().getOrDefault(model.modelName(), stored.changedAt()), deployments,
                    Api.routes(model.deployments().stream().map(DeploymentParams::spokenApis).toList(), model.mode()), dialect(model)));
        }
        Map<String, ServedMcpServer> mcpServers = new HashMap<>();
        Map<String, McpAccess.ToolOffer> offers = new HashMap<>();
        for (McpServer server : document.mcpServers()) {
            mcpServers.put(server.serverName(), mcpServer(server, credentials));
            offers.put(server.serverName(), new McpAccess.ToolOffer(toolPatterns(server, server.allowedTools()),
                    toolPatterns(server, server.disallowedTools())));
        }
        Map<String, List<McpPattern>> mcpGrants = new LinkedHashMap<>();
        document.permissions().forEach(p -> mcpGrants.put(p.role(), p.mcp().stream().map(McpPattern::parse).toList()));
        return new PolicySnapshot(stored.version(), stored.changedAt(), loadedAt, access(document, refs), served,
                LimitsByModel.compile(document.limits(), refs,
                        document.mcpServers().stream().map(McpServer::serverName).toList()), new McpAccess(document.settings().enforceRbac(), offers, mcpGrants),
                mcpServers);
    }

    static ServedMcpServer mcpServer(McpServer server, Map<String, UpstreamCredential> credentials) {
        return new ServedMcpServer(server.serverName(), server.description(), server.transportOrDefault(),
                server.url() == null ? null : URI.create(server.url()), Optional.ofNullable(server.credentialName()).map(credentials::get),
                server.authHeader(), server.timeoutOrDefault());
    }

    private static List<McpPattern> toolPatterns(McpServer server, List<String> tools) {
        return tools == null ? List.of() : tools.stream().map(tool -> McpPattern.parse(server.serverName() + "/" + tool)).toList();
    }

    /** OpenAI's own chat flavour when every deployment is OpenAI's or Azure's; a self-hosted server's otherwise. */
    static ChatDialect dialect(Model model) {
        boolean openAi = !model.deployments().isEmpty() && model.deployments().stream()
                .allMatch(d -> d.provider() == Provider.OPENAI || d.provider() == Provider.AZURE);
        return openAi ? ChatDialect.OPENAI : ChatDialect.COMPATIBLE;
    }

    private static AccessPolicy access(PolicyDocument document, List<ModelRef> models) {
        JwtAuthSettings settings = document.settings();
        AccessSettings access = new AccessSettings(settings.userRolesJwtField().stream().map(RoleClaimPath::parse).toList(),
                Set.copyOf(settings.userAllowedRoles()), settings.enforceRbac());
        Map<String, List<String>> mappings = new LinkedHashMap<>();
        document.roleMappings().forEach(m -> mappings.put(m.idpRole(), m.gatewayRoles()));
        Map<String, List<ModelPattern>> permissions = new LinkedHashMap<>();
        document.permissions().forEach(p -> permissions.put(p.role(), p.models().stream().map(ModelPattern::parse).toList()));
        return new AccessPolicy(access, document.gatewayRoleNames(), mappings, permissions, models);
    }

    /** A deployment with every default applied; {@code position} counts from 1 within its model. */
    static Deployment deployment(Model model, int position, DeploymentParams d, Map<String, UpstreamCredential> credentials,
            UpstreamDefaults defaults, Function<UpstreamKind, UpstreamTransport> transports) {
        UpstreamKind kind = d.kind();
        Optional<UpstreamCredential> credential = d.litellmCredentialName() != null
                ? Optional.of(credentials.get(d.litellmCredentialName()))
                : Optional.ofNullable(d.apiKey()).map(key -> new UpstreamCredential("api_key of " + model.modelName(),
                        new CredentialValues.ApiKey(key, null, null, null)));
        String baseUrl = Optional.ofNullable(d.apiBase()).or(() -> credential.map(c -> c.values().apiBase()))
                .orElse(defaults.baseUrl(kind));
        String apiVersion = Optional.ofNullable(d.apiVersion()).or(() -> credential.map(c -> c.values().apiVersion()))
                .orElse(defaults.apiVersion(kind));
        Duration readTimeout = seconds(d.timeout(), defaults.readTimeout());
        if (baseUrl != null) {
            baseUrl = stripTrailingSlash(baseUrl);
            if (d.provider().selfHosted() && !baseUrl.endsWith("/v1")) {
                baseUrl += "/v1"; // a self-hosted server's OpenAI-compatible paths live under /v1, given or not
            }
        }
        return new Deployment(d.provider().prefix() + "/" + d.upstreamModel() + "#" + position, kind,
                baseUrl == null ? null : URI.create(baseUrl), d.upstreamModel(), credential, apiVersion,
                d.weight() == null ? 1 : d.weight(), seconds(d.connectTimeout(), defaults.connectTimeout()), readTimeout,
                seconds(d.streamTimeout(), readTimeout), kind == UpstreamKind.MOCK ? mock(d) : MockBehaviour.DEFAULT, prices(model, d),
                transports.apply(kind));
    }

    /** LiteLLM's custom pricing: prices in a deployment's {@code litellm_params} are that deployment's, else the model's. */
    static TokenPrices prices(Model model, DeploymentParams d) {
        Map<String, Object> own = d.extraParams();
        return TokenPrices.of(price(own, "input_cost_per_token", model.inputCostPerToken()),
                price(own, "output_cost_per_token", model.outputCostPerToken()),
                price(own, "cache_read_input_token_cost", model.cacheReadInputTokenCost()),
                price(own, "cache_creation_input_token_cost", model.cacheCreationInputTokenCost()));
    }

    private static BigDecimal price(Map<String, Object> params, String name, BigDecimal otherwise) {
        Object given = params == null ? null : params.get(name);
        if (given instanceof Number || given instanceof String) {
            try {
                BigDecimal price = new BigDecimal(given.toString());
                return price.signum() >= 0 ? price : otherwise;
            } catch (NumberFormatException e) {
                return otherwise;
            }
        }
        return otherwise;
    }

    private static MockBehaviour mock(DeploymentParams d) {
        MockBehaviour defaults = MockBehaviour.DEFAULT;
        return new MockBehaviour(d.mockResponse(), orDefault(d.mockLatencyMs(), defaults.latencyMs()),
                orDefault(d.mockChunkDelayMs(), defaults.chunkDelayMs()),
                d.mockFailureRate() == null ? defaults.failureRate() : d.mockFailureRate(),
                orDefault(d.mockFailureStatus(), defaults.failureStatus()));
    }

    private static Duration seconds(BigDecimal seconds, Duration otherwise) {
        return seconds == null ? otherwise : Duration.ofMillis(Math.max(1, seconds.movePointRight(3).setScale(0, java.math.RoundingMode.HALF_UP).longValue()));
    }

    private static int orDefault(Integer value, int otherwise) {
        return value == null ? otherwise : value;
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
