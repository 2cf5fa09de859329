package io.modelgate.gateway;

import io.modelgate.error.ErrorKind;
import io.modelgate.error.ErrorShape;
import io.modelgate.error.GatewayException;
import io.modelgate.identity.Caller;
import io.modelgate.identity.CallerAuthenticator;
import io.modelgate.access.AccessPolicy;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * The authenticate stage: who the caller is, from the bearer token (or, on Anthropic's paths, {@code x-api-key}),
 * verified by Quarkus OIDC and remembered ({@link CallerAuthenticator}), with the gateway roles its IdP roles map to
 * under the policy the call arrived with.
 */
@Singleton
final class Authenticate {

    /** How a request's credentials become a caller: {@link CallerAuthenticator#authenticate}. */
    @FunctionalInterface
    interface Verification {
        Future<Caller> caller(RoutingContext exchange, AccessPolicy policy, boolean apiKeyAccepted);
    }

    private final Verification verification;

    @Inject
    Authenticate(CallerAuthenticator authenticator) {
        this(authenticator::authenticate);
    }

    Authenticate(Verification verification) {
        this.verification = verification;
    }

    Future<Caller> caller(Call call) {
        if (call.snapshot == null) {
            return Future.failedFuture(new GatewayException(ErrorKind.NOT_READY,
                    "Modelgate is starting and has no policy loaded yet. Retry shortly."));
        }
        Future<Caller> caller = verification.caller(call.exchange, call.snapshot.access(), call.shape == ErrorShape.ANTHROPIC);
        if (caller.succeeded()) { // a token verified before: no future to chain
            call.authenticated(caller.result());
            return caller;
        }
        return caller.onSuccess(call::authenticated);
    }
}
