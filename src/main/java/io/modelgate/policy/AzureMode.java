package io.modelgate.policy;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * How an {@code azure_ad} credential signs in to Entra ID. {@link #DEFAULT} is Azure's DefaultAzureCredential
 * order: a client secret or federated token file from the environment ({@code AZURE_CLIENT_ID},
 * {@code AZURE_TENANT_ID}, {@code AZURE_CLIENT_SECRET} / {@code AZURE_FEDERATED_TOKEN_FILE}), then managed identity.
 */
public enum AzureMode {
    CLIENT_SECRET, WORKLOAD_IDENTITY, MANAGED_IDENTITY, DEFAULT;

    @JsonValue
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
