package io.modelgate.upstream.credential;

import io.modelgate.secret.SecretRef;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Where an upstream credential's secret or token comes from. Secrets are only ever references. */
public sealed interface CredentialSource {

    /** The {@code type} as written in a LiteLLM-style {@code credential_list}. */
    String type();

    /** A static key, sent as {@code Authorization: Bearer} (or {@code api-key} to Azure OpenAI). */
    record ApiKey(SecretRef key) implements CredentialSource {
        public String type() {
            return "api_key";
        }
    }

    /** RFC 6749 client credentials against any token endpoint (Keycloak, Okta, Auth0, ...). */
    record OAuth2ClientCredentials(String tokenUrl, String clientId, SecretRef clientSecret, List<String> scopes,
            Optional<String> audience, Map<String, String> extraParams, ClientAuthentication clientAuthentication)
            implements CredentialSource {
        public OAuth2ClientCredentials {
            scopes = List.copyOf(scopes);
            extraParams = Map.copyOf(extraParams);
        }

        public String type() {
            return "oauth2_client_credentials";
        }
    }

    /** Entra ID (Azure AD): client secret, workload identity (federated token file) or managed identity. */
    record AzureAd(AzureMode mode, String tenantId, String clientId, Optional<SecretRef> clientSecret,
            Optional<String> federatedTokenFile, String scope, Optional<String> authorityHost,
            Optional<String> identityEndpoint) implements CredentialSource {
        public String type() {
            return "azure_ad";
        }
    }

    /** A {@link TokenCredential} CDI bean selected by name. */
    record Custom(String bean, String scope) implements CredentialSource {
        public String type() {
            return "custom";
        }
    }

    /** How a client proves itself at the token endpoint. */
    enum ClientAuthentication {
        CLIENT_SECRET_BASIC, CLIENT_SECRET_POST;

        public String configName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    enum AzureMode {
        CLIENT_SECRET, WORKLOAD_IDENTITY, MANAGED_IDENTITY;

        public String configName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
