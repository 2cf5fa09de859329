package io.modelgate.upstream.credential;

import io.modelgate.policy.ClientAuthentication;
import io.modelgate.policy.CredentialValues;
import io.modelgate.secret.SecretBox;
import io.modelgate.secret.SecretRef;
import io.quarkus.oidc.client.OidcClient;
import io.quarkus.oidc.client.OidcClientConfigBuilder;
import io.quarkus.oidc.client.OidcClientException;
import io.quarkus.oidc.client.OidcClients;
import io.quarkus.oidc.client.Tokens;
import io.quarkus.oidc.client.runtime.OidcClientConfig;
import io.quarkus.oidc.common.runtime.config.OidcClientCommonConfig.Credentials.Jwt.Source;
import io.quarkus.oidc.common.runtime.config.OidcClientCommonConfig.Credentials.Secret.Method;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import org.jboss.logging.Logger;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Tokens through the Quarkus OIDC Client: client credentials at generic OAuth2 token endpoints and at Entra ID
 * (with a client secret, or with workload identity: the federated token file sent as a JWT-bearer client
 * assertion), and RFC 8693 token exchange of a caller's token. The client is created on first use, when the secret is read from the environment.
 */
final class OidcClientTokenSource implements TokenSource {

    private static final Logger LOG = Logger.getLogger(OidcClientTokenSource.class);
    private static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";

    private final String credential;
    private final OidcClients clients;
    private final OidcClientConfig config;
    private final Duration defaultLifetime;
    private volatile Future<OidcClient> client;

    private OidcClientTokenSource(String credential, OidcClients clients, OidcClientConfig config, Duration defaultLifetime) {
        this.credential = credential;
        this.clients = clients;
        this.config = config;
        this.defaultLifetime = defaultLifetime;
    }

    static OidcClientTokenSource oauth2(String credential, CredentialValues.OAuth2 source, OidcClients clients,
            SecretBox secrets, Duration defaultLifetime) {
        Map<String, String> form = new HashMap<>(source.extraParams() == null ? Map.of() : source.extraParams());
        if (source.audience() != null) {
            form.put("audience", source.audience());
        }
        OidcClientConfigBuilder builder = base(credential, source.tokenUrl(), source.clientId(), source.scopes(), form)
                .credentials().clientSecret(clientSecret(credential, source.clientSecret(), secrets), method(source)).end();
        return new OidcClientTokenSource(credential, clients, builder.build(), defaultLifetime);
    }

    /**
     * RFC 8693 token exchange: {@link #exchange} trades a caller's token for one bound to the credential's audience
     * (and resource, when given); the gateway proves itself with its client secret.
     */
    static OidcClientTokenSource tokenExchange(String credential, CredentialValues.TokenExchange source, OidcClients clients,
            SecretBox secrets, Duration defaultLifetime) {
        Map<String, String> form = new HashMap<>(source.extraParams() == null ? Map.of() : source.extraParams());
        form.put("audience", source.audience());
        if (source.resource() != null) {
            form.put("resource", source.resource());
        }
        if (source.requestedTokenType() != null) {
            form.put("requested_token_type", source.requestedTokenType());
        }
        form.put("subject_token_type", ACCESS_TOKEN_TYPE);
        OidcClientConfigBuilder builder = base(credential, source.tokenUrl(), source.clientId(), source.scopes(), Map.of())
                .grant(OidcClientConfig.Grant.Type.EXCHANGE).grantOptions("exchange", form)
                .credentials().clientSecret(clientSecret(credential, source.clientSecret(), secrets), method(source)).end();
        return new OidcClientTokenSource(credential, clients, builder.build(), defaultLifetime);
    }

    /** Entra ID's client-credentials flow, the client proving itself with a secret. */
    static OidcClientTokenSource azureSecret(String credential, AzureSignIn signIn, String secret, OidcClients clients,
            Duration defaultLifetime) {
        OidcClientConfigBuilder builder = base(credential, signIn.tokenUrl(), signIn.clientId(), List.of(signIn.scope()), Map.of());
        builder.credentials().clientSecret(secret, Method.POST).end();
        return new OidcClientTokenSource(credential, clients, builder.build(), defaultLifetime);
    }

    /** Entra ID's client-credentials flow, the client proving itself with a federated token file (workload identity). */
    static OidcClientTokenSource azureFederated(String credential, AzureSignIn signIn, String federatedTokenFile, OidcClients clients,
            Duration defaultLifetime) {
        OidcClientConfigBuilder builder = base(credential, signIn.tokenUrl(), signIn.clientId(), List.of(signIn.scope()), Map.of());
        builder.credentials().jwt().source(Source.BEARER).tokenPath(Path.of(federatedTokenFile)).endCredentials();
        return new OidcClientTokenSource(credential, clients, builder.build(), defaultLifetime);
    }

    /** How the client proves itself with its secret: in a Basic header, or in the form. */
    private static Method method(CredentialValues.TokenEndpointClient client) {
        return client.clientAuthentication() == ClientAuthentication.CLIENT_SECRET_POST ? Method.POST : Method.BASIC;
    }

    private static String clientSecret(String credential, String secretReference, SecretBox secrets) {
        SecretRef reference = SecretRef.parse(secretReference);
        return secrets.resolve(reference).orElseThrow(() -> new TokenFetchException(credential, true,
                "client_secret: " + secrets.whyMissing(reference)));
    }

    private static OidcClientConfigBuilder base(String credential, String tokenUrl, String clientId, List<String> scopes,
            Map<String, String> form) {
        URI uri = URI.create(tokenUrl);
        OidcClientConfigBuilder builder = new OidcClientConfigBuilder()
                .id("modelgate-credential-" + credential)
                .authServerUrl(uri.getScheme() + "://" + uri.getAuthority())
                .discoveryEnabled(false)
                .tokenPath(tokenUrl)
                .clientId(clientId)
                .connectionRetryCount(1)
                .grant(OidcClientConfig.Grant.Type.CLIENT);
        if (!scopes.isEmpty()) {
            builder.scopes(scopes);
        }
        if (!form.isEmpty()) {
            builder.grantOptions("client", form);
        }
        return builder;
    }

    @Override
    public Future<AccessToken> fetch() {
        return tokens(Map.of());
    }

    /** A token for the holder of {@code subjectToken}, by this source's token-exchange grant. */
    Future<AccessToken> exchange(String subjectToken) {
        return tokens(Map.of("subject_token", subjectToken));
    }

    private Future<AccessToken> tokens(Map<String, String> grantParameters) {
        if (client == null) {
            synchronized (this) {
                if (client == null) {
                    client = Future.fromCompletionStage(clients.newClient(config).subscribeAsCompletionStage());
                }
            }
        }
        return client.compose(c -> Future.fromCompletionStage(c.getTokens(grantParameters).subscribeAsCompletionStage()))
                .map(this::toAccessToken)
                .recover(failure -> Future.failedFuture(classify(failure)));
    }

    @Override
    public void close() {
        Future<OidcClient> created = client;
        if (created != null) {
            created.onSuccess(c -> {
                try {
                    c.close();
                } catch (java.io.IOException e) {
                    LOG.debugf(e, "Closing the OIDC client of credential %s failed", credential);
                }
            });
        }
    }

    private AccessToken toAccessToken(Tokens tokens) {
        Long expiresAt = tokens.getAccessTokenExpiresAt();
        return new AccessToken(tokens.getAccessToken(),
                expiresAt != null ? Instant.ofEpochSecond(expiresAt) : Instant.now().plus(defaultLifetime));
    }

    /** An OAuth2 error answer ({@code invalid_client}, {@code invalid_scope}, ...) is permanent; anything else transient. */
    private TokenFetchException classify(Throwable failure) {
        if (failure instanceof TokenFetchException e) {
            return e;
        }
        if (failure instanceof OidcClientException && failure.getMessage() != null) {
            try {
                JsonObject error = new JsonObject(failure.getMessage());
                if (error.getString("error") != null) {
                    return new TokenFetchException(credential, true, "the token endpoint refused the request: "
                            + error.getString("error"));
                }
            } catch (DecodeException | ClassCastException notOAuthError) {
                // an HTML error page or a gateway message: treat as transient
            }
        }
        LOG.debugf(failure, "Token request for credential %s failed", credential);
        return new TokenFetchException(credential, false, "the token endpoint is unavailable ("
                + failure.getClass().getSimpleName() + ")");
    }
}
