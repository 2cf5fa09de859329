package io.modelgate.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.modelgate.policy.validation.ConsistentFields;
import io.modelgate.policy.validation.FieldConsistency;
import io.modelgate.policy.validation.HttpUrl;
import io.modelgate.policy.validation.SecretReference;
import jakarta.validation.constraints.NotBlank;
import org.eclipse.microprofile.openapi.annotations.media.DiscriminatorMapping;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A credential's {@code credential_values}, by {@code type}: LiteLLM's own kind (a key, and perhaps
 * {@code api_base}/{@code api_version}; the default), and Modelgate's {@code oauth2_client_credentials},
 * {@code oauth2_token_exchange}, {@code azure_ad} and {@code custom}. Every kind takes {@code on_failure} and may carry the base URL and API
 * version of the models that use it. Secrets are references ({@code os.environ/NAME} or sealed values).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type", defaultImpl = CredentialValues.ApiKey.class)
@JsonSubTypes({
        @JsonSubTypes.Type(value = CredentialValues.ApiKey.class, name = "api_key"),
        @JsonSubTypes.Type(value = CredentialValues.OAuth2.class, name = "oauth2_client_credentials"),
        @JsonSubTypes.Type(value = CredentialValues.TokenExchange.class, name = "oauth2_token_exchange"),
        @JsonSubTypes.Type(value = CredentialValues.AzureAd.class, name = "azure_ad"),
        @JsonSubTypes.Type(value = CredentialValues.Custom.class, name = "custom")})
@Schema(oneOf = {CredentialValues.ApiKey.class, CredentialValues.OAuth2.class, CredentialValues.TokenExchange.class,
        CredentialValues.AzureAd.class, CredentialValues.Custom.class},
        discriminatorProperty = "type", discriminatorMapping = {
                @DiscriminatorMapping(value = "api_key", schema = CredentialValues.ApiKey.class),
                @DiscriminatorMapping(value = "oauth2_client_credentials", schema = CredentialValues.OAuth2.class),
                @DiscriminatorMapping(value = "oauth2_token_exchange", schema = CredentialValues.TokenExchange.class),
                @DiscriminatorMapping(value = "azure_ad", schema = CredentialValues.AzureAd.class),
                @DiscriminatorMapping(value = "custom", schema = CredentialValues.Custom.class)})
public sealed interface CredentialValues {

    /** The {@code type} as written in a {@code credential_list}. */
    String type();

    String apiBase();

    String apiVersion();

    /** {@code on_failure}; absent means {@link FailurePolicy#FAIL}. */
    FailurePolicy onFailure();

    /** The same values with each secret passed through {@code seal} (which turns a typed value into a sealed reference). */
    CredentialValues withSecrets(UnaryOperator<String> seal);

    default FailurePolicy failurePolicy() {
        return onFailure() == null ? FailurePolicy.FAIL : onFailure();
    }

    /** A client of an OAuth2 token endpoint, authenticating with a secret. */
    interface TokenEndpointClient {
        List<String> scope();

        ClientAuthentication clientAuth();

        /** Every scope; none when none is given. */
        default List<String> scopes() {
            return scope() == null ? List.of() : scope();
        }

        default ClientAuthentication clientAuthentication() {
            return clientAuth() == null ? ClientAuthentication.CLIENT_SECRET_BASIC : clientAuth();
        }
    }

    /** A static key, sent as {@code Authorization: Bearer} (or {@code api-key} to Azure OpenAI). */
    @Schema(name = "ApiKeyCredentialValues", properties = @SchemaProperty(name = "type", enumeration = "api_key"))
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ApiKey(@NotBlank(message = "is required") @SecretReference String apiKey, @HttpUrl String apiBase, String apiVersion,
            FailurePolicy onFailure) implements CredentialValues {
        public String type() {
            return "api_key";
        }

        public ApiKey withSecrets(UnaryOperator<String> seal) {
            return new ApiKey(seal.apply(apiKey), apiBase, apiVersion, onFailure);
        }
    }

    /**
     * RFC 6749 client credentials against any token endpoint (Keycloak, Okta, Auth0, ...).
     *
     * @param scope       scopes, a list or space-separated
     * @param extraParams further token-request form parameters
     * @param clientAuth  {@code client_secret_basic} (absent) or {@code client_secret_post}
     */
    @Schema(name = "OAuth2CredentialValues", properties = @SchemaProperty(name = "type", enumeration = "oauth2_client_credentials"))
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record OAuth2(@NotBlank(message = "is required") @HttpUrl String tokenUrl, @NotBlank(message = "is required") String clientId,
            @NotBlank(message = "is required") @SecretReference String clientSecret,
            List<@NotBlank(message = "must be a non-empty string") String> scope, String audience, Map<String, String> extraParams,
            ClientAuthentication clientAuth, @HttpUrl String apiBase, String apiVersion, FailurePolicy onFailure)
            implements CredentialValues, TokenEndpointClient {
        public OAuth2 {
            scope = scope == null ? null : splitScopes(scope);
            extraParams = extraParams == null ? null : PolicyLists.sorted(extraParams);
        }

        /** Scopes one by one: a space-separated string ({@code "a b"}, as OAuth2 writes them) is several. */
        static List<String> splitScopes(List<String> given) {
            List<String> scopes = new ArrayList<>();
            for (String entry : given) {
                if (entry == null) {
                    scopes.add(null); // reported by validation
                } else {
                    scopes.addAll(List.of(entry.trim().split("\\s+")));
                }
            }
            return PolicyLists.copy(scopes);
        }

        public String type() {
            return "oauth2_client_credentials";
        }

        public OAuth2 withSecrets(UnaryOperator<String> seal) {
            return new OAuth2(tokenUrl, clientId, seal.apply(clientSecret), scope, audience, extraParams, clientAuth, apiBase,
                    apiVersion, onFailure);
        }
    }

    /**
     * RFC 8693 token exchange: the caller's own token, verified by the gateway, traded at the token endpoint for one
     * bound to {@code audience} (the upstream), so the upstream sees who is calling without ever receiving the
     * caller's token. The gateway authenticates as a client of the IdP. Serves MCP servers (a model call has no
     * caller token to trade once its deployment is shared).
     *
     * @param resource           RFC 8707 resource indicator, when the IdP wants one as well as, or instead of, the audience
     * @param requestedTokenType the token type asked for; the IdP's default (an access token) when absent
     */
    @Schema(name = "TokenExchangeCredentialValues", properties = @SchemaProperty(name = "type", enumeration = "oauth2_token_exchange"))
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record TokenExchange(@NotBlank(message = "is required") @HttpUrl String tokenUrl, @NotBlank(message = "is required") String clientId,
            @NotBlank(message = "is required") @SecretReference String clientSecret,
            @NotBlank(message = "is required: the upstream the exchanged token is for") String audience, String resource,
            List<@NotBlank(message = "must be a non-empty string") String> scope, String requestedTokenType, Map<String, String> extraParams,
            ClientAuthentication clientAuth, @HttpUrl String apiBase, String apiVersion, FailurePolicy onFailure)
            implements CredentialValues, TokenEndpointClient {
        public TokenExchange {
            scope = scope == null ? null : OAuth2.splitScopes(scope);
            extraParams = extraParams == null ? null : PolicyLists.sorted(extraParams);
        }

        public String type() {
            return "oauth2_token_exchange";
        }

        public TokenExchange withSecrets(UnaryOperator<String> seal) {
            return new TokenExchange(tokenUrl, clientId, seal.apply(clientSecret), audience, resource, scope, requestedTokenType,
                    extraParams, clientAuth, apiBase, apiVersion, onFailure);
        }
    }

    /**
     * Entra ID (Azure AD). Which sign-in is used: {@code mode} when given; else {@code managed_identity: true};
     * else a {@code federated_token_file} or {@code workload_identity: true}; else a {@code client_secret}; else
     * {@link AzureMode#DEFAULT}, the environment and then managed identity, as Azure's DefaultAzureCredential.
     */
    @ConsistentFields
    @Schema(name = "AzureAdCredentialValues", properties = @SchemaProperty(name = "type", enumeration = "azure_ad"))
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record AzureAd(AzureMode mode, String tenantId, String clientId, @SecretReference String clientSecret, String federatedTokenFile,
            Boolean workloadIdentity, Boolean managedIdentity, @NotBlank(message = "is required") String scope,
            @HttpUrl String authorityHost, @HttpUrl String identityEndpoint, @HttpUrl String apiBase, String apiVersion,
            FailurePolicy onFailure) implements CredentialValues, FieldConsistency {
        public String type() {
            return "azure_ad";
        }

        /** The sign-in this credential uses. */
        public AzureMode signIn() {
            if (mode != null) {
                return mode;
            }
            if (Boolean.TRUE.equals(managedIdentity)) {
                return AzureMode.MANAGED_IDENTITY;
            }
            if (federatedTokenFile != null || Boolean.TRUE.equals(workloadIdentity)) {
                return AzureMode.WORKLOAD_IDENTITY;
            }
            return clientSecret != null ? AzureMode.CLIENT_SECRET : AzureMode.DEFAULT;
        }

        public AzureAd withSecrets(UnaryOperator<String> seal) {
            return new AzureAd(mode, tenantId, clientId, clientSecret == null ? null : seal.apply(clientSecret), federatedTokenFile,
                    workloadIdentity, managedIdentity, scope, authorityHost, identityEndpoint, apiBase, apiVersion, onFailure);
        }

        @Override
        public List<FieldProblem> fieldProblems() {
            List<FieldProblem> problems = new ArrayList<>();
            AzureMode signIn = signIn();
            if (signIn == AzureMode.CLIENT_SECRET || signIn == AzureMode.WORKLOAD_IDENTITY) {
                if (tenantId == null) {
                    problems.add(new FieldProblem("tenant_id", "is required"));
                }
                if (clientId == null) {
                    problems.add(new FieldProblem("client_id", "is required"));
                }
            }
            if (signIn == AzureMode.CLIENT_SECRET && clientSecret == null) {
                problems.add(new FieldProblem("client_secret", "is required (or set managed_identity: true, or a federated_token_file)"));
            }
            return problems;
        }
    }

    /** A {@code TokenCredential} CDI bean selected by name. */
    @Schema(name = "CustomCredentialValues", properties = @SchemaProperty(name = "type", enumeration = "custom"))
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Custom(@NotBlank(message = "is required") String bean, String scope, @HttpUrl String apiBase, String apiVersion,
            FailurePolicy onFailure) implements CredentialValues {
        public String type() {
            return "custom";
        }

        public Custom withSecrets(UnaryOperator<String> seal) {
            return this;
        }
    }
}
