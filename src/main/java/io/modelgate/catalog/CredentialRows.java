package io.modelgate.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelgate.secret.SecretRef;
import io.modelgate.upstream.credential.CredentialSource;
import io.modelgate.upstream.credential.CredentialSource.ApiKey;
import io.modelgate.upstream.credential.CredentialSource.AzureAd;
import io.modelgate.upstream.credential.CredentialSource.AzureMode;
import io.modelgate.upstream.credential.CredentialSource.ClientAuthentication;
import io.modelgate.upstream.credential.CredentialSource.Custom;
import io.modelgate.upstream.credential.CredentialSource.OAuth2ClientCredentials;
import io.modelgate.upstream.credential.FailurePolicy;
import io.modelgate.upstream.credential.UpstreamCredential;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Converts upstream credentials between their typed form and their table row. */
final class CredentialRows {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {
    };

    private CredentialRows() {
    }

    static UpstreamCredential toCredential(UpstreamCredentialEntity row) {
        CredentialSource source = switch (row.type) {
            case "api_key" -> new ApiKey(SecretRef.parse(row.apiKeyRef));
            case "oauth2_client_credentials" -> new OAuth2ClientCredentials(row.tokenUrl, row.clientId,
                    SecretRef.parse(row.clientSecretRef), List.of(row.scopes), Optional.ofNullable(row.audience),
                    readMap(row.extraParams), ClientAuthentication.valueOf(upper(row.clientAuth == null
                            ? "client_secret_basic" : row.clientAuth)));
            case "azure_ad" -> new AzureAd(AzureMode.valueOf(upper(row.azureMode)), row.tenantId, row.clientId,
                    Optional.ofNullable(row.clientSecretRef).map(SecretRef::parse), Optional.ofNullable(row.federatedTokenFile),
                    row.scopes.length == 0 ? "" : row.scopes[0], Optional.ofNullable(row.authorityHost),
                    Optional.ofNullable(row.identityEndpoint));
            case "custom" -> new Custom(row.bean, row.scopes.length == 0 ? "" : row.scopes[0]);
            default -> throw new IllegalStateException("unknown credential type " + row.type);
        };
        return new UpstreamCredential(row.name, source, FailurePolicy.fromConfigName(row.onFailure),
                Optional.ofNullable(row.apiBase), Optional.ofNullable(row.apiVersion));
    }

    static UpstreamCredentialEntity toRow(UpstreamCredential credential) {
        UpstreamCredentialEntity row = new UpstreamCredentialEntity();
        row.name = credential.name();
        row.type = credential.source().type();
        row.onFailure = credential.onFailure().configName();
        row.apiBase = credential.apiBase().orElse(null);
        row.apiVersion = credential.apiVersion().orElse(null);
        if (credential.source() instanceof ApiKey apiKey) {
            row.apiKeyRef = apiKey.key().reference();
        } else if (credential.source() instanceof OAuth2ClientCredentials oauth2) {
            row.tokenUrl = oauth2.tokenUrl();
            row.clientId = oauth2.clientId();
            row.clientSecretRef = oauth2.clientSecret().reference();
            row.scopes = oauth2.scopes().toArray(String[]::new);
            row.audience = oauth2.audience().orElse(null);
            row.extraParams = oauth2.extraParams().isEmpty() ? null : writeMap(oauth2.extraParams());
            row.clientAuth = oauth2.clientAuthentication().configName();
        } else if (credential.source() instanceof AzureAd azure) {
            row.azureMode = azure.mode().configName();
            row.tenantId = azure.tenantId();
            row.clientId = azure.clientId();
            row.clientSecretRef = azure.clientSecret().map(SecretRef::reference).orElse(null);
            row.federatedTokenFile = azure.federatedTokenFile().orElse(null);
            row.scopes = new String[] {azure.scope()};
            row.authorityHost = azure.authorityHost().orElse(null);
            row.identityEndpoint = azure.identityEndpoint().orElse(null);
        } else if (credential.source() instanceof Custom custom) {
            row.bean = custom.bean();
            row.scopes = new String[] {custom.scope()};
        }
        return row;
    }

    /** Overwrites an existing row's content (all but its id) with another row's, keeping its identity. */
    static void copy(UpstreamCredentialEntity from, UpstreamCredentialEntity to) {
        to.name = from.name;
        to.type = from.type;
        to.apiKeyRef = from.apiKeyRef;
        to.tokenUrl = from.tokenUrl;
        to.clientId = from.clientId;
        to.clientSecretRef = from.clientSecretRef;
        to.scopes = from.scopes;
        to.audience = from.audience;
        to.clientAuth = from.clientAuth;
        to.extraParams = from.extraParams;
        to.azureMode = from.azureMode;
        to.tenantId = from.tenantId;
        to.federatedTokenFile = from.federatedTokenFile;
        to.authorityHost = from.authorityHost;
        to.identityEndpoint = from.identityEndpoint;
        to.bean = from.bean;
        to.apiBase = from.apiBase;
        to.apiVersion = from.apiVersion;
        to.onFailure = from.onFailure;
    }

    private static String upper(String configName) {
        return configName.toUpperCase(Locale.ROOT);
    }

    private static Map<String, String> readMap(String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        try {
            return JSON.readValue(json, STRING_MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored extra parameters are not a JSON object", e);
        }
    }

    private static String writeMap(Map<String, String> map) {
        try {
            return JSON.writeValueAsString(map);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
