package io.modelgate.upstream.credential;

import io.micrometer.core.instrument.MeterRegistry;
import io.modelgate.policy.CredentialValues;
import io.modelgate.policy.FailurePolicy;
import io.modelgate.secret.SecretRef;
import io.modelgate.telemetry.Tracing;
import io.quarkus.oidc.client.OidcClients;
import io.vertx.core.Future;
import io.modelgate.secret.SecretBox;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.literal.NamedLiteral;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What Modelgate presents to an upstream for a credential: a static key (an environment variable, or a value sealed
 * with {@code modelgate.secrets.key}), resolved once per credential and kept while the credential is in the policy,
 * or a cached OAuth2 token ({@link TokenCache}), or a token exchanged for the caller's ({@link ExchangedTokens}). When nothing can be obtained the credential's failure policy
 * decides: fail the call, or forward it without authentication.
 */
@Singleton
public class UpstreamTokens {

    private static final Logger LOG = Logger.getLogger(UpstreamTokens.class);

    private final TokenCache cache;
    private final ExchangedTokens exchanged;
    private final SecretBox secrets;
    private final HttpClient identityClient;
    /** Static keys as resolved (opened, if sealed), by credential: a call neither reads the environment nor decrypts. */
    private final Map<UpstreamCredential, Future<Optional<String>>> staticKeys = new ConcurrentHashMap<>();

    UpstreamTokens(Vertx vertx, TokenConfig config, MeterRegistry metrics, OidcClients oidcClients,
            @Any Instance<TokenCredential> customCredentials, SecretBox secrets, Tracing tracing) {
        this.secrets = secrets;
        this.identityClient = vertx.createHttpClient();
        this.cache = new TokenCache(vertx, Clock.systemUTC(), config, metrics,
                credential -> source(credential, config, vertx, oidcClients, customCredentials), tracing);
        this.exchanged = new ExchangedTokens(credential -> OidcClientTokenSource.tokenExchange(credential.name(),
                (CredentialValues.TokenExchange) credential.values(), oidcClients, secrets, config.defaultLifetime()),
                config.refreshSkew(), Clock.systemUTC());
    }

    @PreDestroy
    void close() {
        identityClient.close();
    }

    /**
     * The key or token to send, or empty when the call is to proceed without authentication; fails with
     * {@link UpstreamAuthException} when the credential's policy is {@code fail}.
     */
    public Future<Optional<String>> secretFor(UpstreamCredential credential) {
        return secretFor(credential, null);
    }

    /**
     * As {@link #secretFor(UpstreamCredential)}, for a call made for a caller whose verified bearer token is
     * {@code callerToken} (null when there is none): what an {@code oauth2_token_exchange} credential trades for the
     * upstream's token. No other credential reads it.
     */
    public Future<Optional<String>> secretFor(UpstreamCredential credential, CharSequence callerToken) {
        if (credential.values() instanceof CredentialValues.TokenExchange) {
            return onFailure(credential, callerToken == null
                    ? Future.failedFuture(new TokenFetchException(credential.name(), true, "it exchanges a caller's token, and this call has none"))
                    : exchanged.token(credential, callerToken).map(token -> Optional.of(token.token())));
        }
        if (credential.key() != null) {
            return staticKeys.computeIfAbsent(credential, this::staticKey);
        }
        return onFailure(credential, cache.token(credential).map(token -> Optional.of(token.token())));
    }

    private Future<Optional<String>> staticKey(UpstreamCredential credential) {
        SecretRef key = credential.key();
        Future<Optional<String>> resolved = secrets.resolve(key).map(secret -> Future.succeededFuture(Optional.of(secret)))
                .orElseGet(() -> Future.failedFuture(new TokenFetchException(credential.name(), true, secrets.whyMissing(key))));
        return onFailure(credential, resolved);
    }

    /** What a credential that yields nothing does, by its failure policy; a missing static key is logged once. */
    private Future<Optional<String>> onFailure(UpstreamCredential credential, Future<Optional<String>> secret) {
        return secret.recover(failure -> {
            TokenFetchException error = failure instanceof TokenFetchException e ? e
                    : new TokenFetchException(credential.name(), false, failure.getClass().getSimpleName());
            if (credential.key() != null) {
                LOG.warnf("No upstream key: %s", error.getMessage());
            }
            if (credential.values().failurePolicy() == FailurePolicy.PROCEED_WITHOUT_AUTH) {
                return Future.succeededFuture(Optional.empty());
            }
            return Future.failedFuture(new UpstreamAuthException(credential.name(), error.getMessage()));
        });
    }

    /**
     * What the operator's "test" button reports for a credential: whether its secret or token can be had
     * now and, for tokens, when the token expires — never the secret or token itself.
     */
    public record Probe(boolean ok, Optional<Instant> expiresAt, String message) {
    }

    public Future<Probe> probe(UpstreamCredential credential) {
        if (credential.values() instanceof CredentialValues.TokenExchange exchange) {
            SecretRef secret = SecretRef.parse(exchange.clientSecret());
            return Future.succeededFuture(secrets.resolve(secret).isPresent()
                    ? new Probe(true, Optional.empty(), "The client secret is available (" + secret.describe() + "); each caller's token is"
                            + " exchanged at their first call, so no token is obtained here.")
                    : new Probe(false, Optional.empty(), "client_secret: " + secrets.whyMissing(secret)));
        }
        if (credential.key() != null) {
            SecretRef key = credential.key();
            return Future.succeededFuture(secrets.resolve(key).isPresent()
                    ? new Probe(true, Optional.empty(), "The key is available (" + key.describe() + ").")
                    : new Probe(false, Optional.empty(), secrets.whyMissing(key)));
        }
        return cache.token(credential)
                .map(token -> new Probe(true, Optional.of(token.expiresAt()), token.obtainedBy() == null ? "A token was obtained."
                        : "A token was obtained by " + token.obtainedBy() + "."))
                .otherwise(failure -> new Probe(false, Optional.empty(), failure instanceof TokenFetchException e ? e.getMessage()
                        : "The token could not be obtained (" + failure.getClass().getSimpleName() + ")."));
    }

    /** Forgets cached tokens of credentials that the policy no longer uses. */
    public void retainOnly(Set<UpstreamCredential> inUse) {
        cache.retainOnly(inUse);
        exchanged.retainOnly(inUse);
        staticKeys.keySet().retainAll(inUse);
    }

    private TokenSource source(UpstreamCredential credential, TokenConfig config, Vertx vertx, OidcClients oidcClients,
            Instance<TokenCredential> customCredentials) {
        String name = credential.name();
        if (credential.values() instanceof CredentialValues.OAuth2 oauth2) {
            return OidcClientTokenSource.oauth2(name, oauth2, oidcClients, secrets, config.defaultLifetime());
        }
        if (credential.values() instanceof CredentialValues.AzureAd azure) {
            return new AzureSignIns(config, oidcClients, secrets, identityClient).source(name, azure);
        }
        if (credential.values() instanceof CredentialValues.Custom custom) {
            Instance<TokenCredential> bean = customCredentials.select(NamedLiteral.of(custom.bean()));
            if (!bean.isResolvable()) {
                throw new TokenFetchException(name, true, "no TokenCredential bean is named '" + custom.bean() + "'");
            }
            return new CustomTokenSource(name, bean.get(), custom.scope() == null ? "" : custom.scope(), vertx);
        }
        throw new IllegalStateException("credential " + name + " is a key, or exchanges callers' tokens, and holds no token of its own");
    }
}
