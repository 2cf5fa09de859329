package io.modelgate.upstream.credential;

import io.modelgate.policy.CredentialValues.AzureAd;
import io.modelgate.secret.SecretBox;
import io.modelgate.secret.SecretRef;
import io.quarkus.oidc.client.OidcClients;
import io.vertx.core.http.HttpClient;

import java.util.List;
import java.util.Optional;

/**
 * The token sources of an {@code azure_ad} credential, by the way it signs in ({@link AzureAd#signIn()}): a client
 * secret or a federated token file (the Quarkus OIDC Client), managed identity (the instance metadata endpoint), or
 * — naming none — Azure's default order, values the credential leaves out taken from the environment as the
 * Azure SDKs take them.
 */
final class AzureSignIns {

    static final String CLIENT_ID = "AZURE_CLIENT_ID";
    static final String TENANT_ID = "AZURE_TENANT_ID";
    static final String CLIENT_SECRET = "AZURE_CLIENT_SECRET";
    static final String FEDERATED_TOKEN_FILE = "AZURE_FEDERATED_TOKEN_FILE";

    private final TokenConfig config;
    private final OidcClients clients;
    private final SecretBox secrets;
    private final HttpClient identityClient;

    AzureSignIns(TokenConfig config, OidcClients clients, SecretBox secrets, HttpClient identityClient) {
        this.config = config;
        this.clients = clients;
        this.secrets = secrets;
        this.identityClient = identityClient;
    }

    TokenSource source(String credential, AzureAd azure) {
        return switch (azure.signIn()) {
            case CLIENT_SECRET -> {
                SecretRef reference = SecretRef.parse(azure.clientSecret());
                String secret = secrets.resolve(reference).orElseThrow(() -> new TokenFetchException(credential, true,
                        "client_secret: " + secrets.whyMissing(reference)));
                yield OidcClientTokenSource.azureSecret(credential, signIn(credential, azure), secret, clients, config.defaultLifetime());
            }
            case WORKLOAD_IDENTITY -> OidcClientTokenSource.azureFederated(credential, signIn(credential, azure),
                    Optional.ofNullable(azure.federatedTokenFile()).orElseGet(() -> environment(credential, FEDERATED_TOKEN_FILE,
                            "workload identity needs federated_token_file or")), clients, config.defaultLifetime());
            case MANAGED_IDENTITY -> managedIdentity(credential, azure);
            case DEFAULT -> new DefaultAzureTokenSource(credential, List.of(
                    new DefaultAzureTokenSource.Way("client secret from the environment (" + CLIENT_SECRET + ")",
                            () -> OidcClientTokenSource.azureSecret(credential, signIn(credential, azure),
                                    environment(credential, CLIENT_SECRET, "needs"), clients, config.defaultLifetime())),
                    new DefaultAzureTokenSource.Way("workload identity from the environment (" + FEDERATED_TOKEN_FILE + ")",
                            () -> OidcClientTokenSource.azureFederated(credential, signIn(credential, azure),
                                    environment(credential, FEDERATED_TOKEN_FILE, "needs"), clients, config.defaultLifetime())),
                    new DefaultAzureTokenSource.Way("managed identity", () -> managedIdentity(credential, azure))));
        };
    }

    private TokenSource managedIdentity(String credential, AzureAd azure) {
        return new ManagedIdentityTokenSource(credential, azure.scope(), azure.clientId(),
                Optional.ofNullable(azure.identityEndpoint()).orElse(config.azureIdentityEndpoint()), identityClient, config.defaultLifetime());
    }

    /** Where the credential's client signs in: its tenant and client id, or the environment's. */
    private AzureSignIn signIn(String credential, AzureAd azure) {
        return new AzureSignIn(Optional.ofNullable(azure.authorityHost()).orElse(config.azureAuthorityHost()),
                Optional.ofNullable(azure.tenantId()).orElseGet(() -> environment(credential, TENANT_ID, "needs tenant_id or")),
                Optional.ofNullable(azure.clientId()).orElseGet(() -> environment(credential, CLIENT_ID, "needs client_id or")),
                azure.scope());
    }

    /** An environment variable the sign-in needs; its absence means this way cannot work here. */
    private String environment(String credential, String name, String need) {
        return secrets.environmentVariable(name).orElseThrow(() -> new TokenFetchException(credential, true, need + " " + name + ", which is not set"));
    }
}
