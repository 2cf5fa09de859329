package io.modelgate.identity;

import io.modelgate.error.GatewayException;
import io.modelgate.error.ErrorKind;
import io.modelgate.access.AccessPolicy;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.TenantIdentityProvider;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticator;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;
import org.jose4j.jwt.consumer.InvalidJwtException;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a bearer token into a {@link Caller}, for the data plane, the admin API and "explain access". Verification
 * itself (signature against the issuer's JWKS, {@code iss}, {@code aud}, {@code exp}/{@code nbf}, permitted
 * algorithms) is Quarkus OIDC's; this class triggers it lazily, remembers verified tokens ({@link VerifiedTokenCache}),
 * maps failures to 401s of the error contract and reads the roles at the claim paths of the policy in force.
 */
@Singleton
public class CallerAuthenticator {

    private static final Logger LOG = Logger.getLogger(CallerAuthenticator.class);

    private final VerifiedTokenCache verifiedTokens;
    private final TenantIdentityProvider defaultIssuer;
    private final HttpAuthenticator httpAuthenticator;

    CallerAuthenticator(VerifiedTokenConfig config, TenantIdentityProvider defaultIssuer, HttpAuthenticator httpAuthenticator) {
        this.verifiedTokens = new VerifiedTokenCache(config.maxEntries(), config.maxAge());
        this.defaultIssuer = defaultIssuer;
        this.httpAuthenticator = httpAuthenticator;
    }

    /**
     * The caller a token stands for, the token given as a value rather than sent as the request's
     * credentials ("explain access"). It is verified by the default issuer's configuration
     * ({@code quarkus.oidc.*}); tokens of further issuers are verified only when sent as credentials.
     */
    public Future<Caller> authenticateToken(String token, AccessPolicy policy) {
        Optional<VerifiedTokenCache.VerifiedToken> cached = verifiedTokens.get(token);
        if (cached.isPresent()) {
            return Future.succeededFuture(callerOf(cached.get(), policy));
        }
        return verify(defaultIssuer.authenticate(new AccessTokenCredential(token)), token, policy);
    }

    /**
     * Authenticates the request; fails with a {@link GatewayException} for a missing, ambiguous or bad token.
     * {@code apiKeyAccepted}: the token may come in {@code x-api-key} (Anthropic's paths).
     */
    public Future<Caller> authenticate(RoutingContext ctx, AccessPolicy policy, boolean apiKeyAccepted) {
        CharSequence token;
        try {
            token = CallerToken.of(ctx.request().headers(), apiKeyAccepted);
        } catch (GatewayException e) {
            return Future.failedFuture(e);
        }
        Optional<VerifiedTokenCache.VerifiedToken> cached = verifiedTokens.get(token);
        if (cached.isPresent()) {
            return Future.succeededFuture(callerOf(cached.get(), policy));
        }
        if (ctx.request().getHeader(HttpHeaders.AUTHORIZATION) == null) {
            // Quarkus OIDC's bearer mechanism reads Authorization only; the token came in x-api-key. Neither header
            // travels upstream.
            ctx.request().headers().set(HttpHeaders.AUTHORIZATION, "Bearer " + token);
        }
        // Quarkus OIDC's bearer mechanism, picking the tenant by the token's issuer (the data-plane routes run
        // ahead of Quarkus's lazy-authentication filter, so it is asked directly; no identity = no trusted issuer)
        return verify(httpAuthenticator.attemptAuthentication(ctx), token, policy);
    }

    /** Completes with the caller once Quarkus OIDC has verified the token, remembering the verified token. */
    private Future<Caller> verify(Uni<SecurityIdentity> verification, CharSequence token, AccessPolicy policy) {
        Promise<Caller> promise = Promise.promise();
        verification.subscribe().with(
                identity -> {
                    try {
                        VerifiedTokenCache.VerifiedToken verified = verified(identity);
                        verifiedTokens.put(token, verified);
                        promise.complete(callerOf(verified, policy));
                    } catch (GatewayException e) {
                        promise.fail(e);
                    }
                },
                failure -> promise.fail(toGatewayException(failure)));
        return promise.future();
    }

    /** The caller a verified token stands for under {@code policy}, mapped once per policy and token. */
    private static Caller callerOf(VerifiedTokenCache.VerifiedToken token, AccessPolicy policy) {
        return token.callerUnder(policy, claims -> Callers.of(claims, policy));
    }

    /** The claims of a token Quarkus OIDC has just verified, as plain values, with its expiry. */
    private static VerifiedTokenCache.VerifiedToken verified(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            // A token that no trusted issuer claims ends up anonymous rather than failed.
            throw new GatewayException(ErrorKind.INVALID_TOKEN,
                    "The bearer token was not issued by a trusted identity provider.");
        }
        return new VerifiedTokenCache.VerifiedToken(Map.copyOf(Claims.of(jwt)), Instant.ofEpochSecond(jwt.getExpirationTime()));
    }

    private static GatewayException toGatewayException(Throwable failure) {
        if (failure instanceof AuthenticationFailedException) {
            for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
                if (cause instanceof InvalidJwtException jwtFailure && jwtFailure.hasExpired()) {
                    return new GatewayException(ErrorKind.EXPIRED_TOKEN,
                            "The bearer token has expired. Obtain a new token from your identity provider.");
                }
            }
            return new GatewayException(ErrorKind.INVALID_TOKEN,
                    "The bearer token is invalid: its signature, issuer, audience or validity could not be verified.");
        }
        LOG.warnf("Token verification could not complete: %s", failure.getClass().getName());
        return new GatewayException(ErrorKind.IDP_UNAVAILABLE,
                "The token could not be verified because the identity provider's keys are unavailable. Retry shortly.");
    }
}
