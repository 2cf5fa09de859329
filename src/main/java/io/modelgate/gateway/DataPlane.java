package io.modelgate.gateway;

import io.modelgate.access.AccessDecision;
import io.modelgate.access.BuiltInRoles;
import io.modelgate.policy.Api;
import io.modelgate.policy.ApiFamily;
import io.modelgate.error.ErrorKind;
import io.modelgate.error.GatewayException;
import io.modelgate.identity.Caller;
import io.modelgate.identity.CallerAuthenticator;
import io.modelgate.snapshot.ActivePolicy;
import io.modelgate.snapshot.PolicySnapshot;
import io.modelgate.snapshot.ServedModel;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiFunction;

/**
 * What every data-plane operation does first: take the policy snapshot in force, authenticate the caller, and
 * (for an operation on a model) decide whether the caller may use the model on the API called. Failures, thrown
 * or returned, end the exchange with an error in the called API's shape.
 */
@Singleton
public class DataPlane {

    /** Caller headers that may travel upstream; everything else (Authorization, x-api-key, cookies) stays here. */
    private static final List<String> FORWARDED_HEADERS = List.of("Accept", "User-Agent", "OpenAI-Beta", "anthropic-version",
            "anthropic-beta");

    private final ActivePolicy activePolicy;
    private final CallerAuthenticator authenticator;

    DataPlane(ActivePolicy activePolicy, CallerAuthenticator authenticator) {
        this.activePolicy = activePolicy;
        this.authenticator = authenticator;
    }

    /** Runs a handler for an authenticated caller against the snapshot in force at arrival. */
    public void serve(RoutingContext ctx, BiFunction<PolicySnapshot, Caller, Future<Void>> handler) {
        Future.<Void>succeededFuture()
                .compose(v -> {
                    PolicySnapshot snapshot = snapshot();
                    boolean apiKeyAccepted = ErrorResponses.family(ctx.request()) == ApiFamily.ANTHROPIC;
                    return authenticator.authenticate(ctx, snapshot.access(), apiKeyAccepted)
                            .compose(caller -> {
                                ctx.put(CallFacts.SUBJECT, caller.subject());
                                ctx.put(CallFacts.ISSUER, caller.issuer());
                                return handler.apply(snapshot, caller);
                            });
                })
                .onFailure(failure -> ErrorResponses.send(ctx, failure));
    }

    private PolicySnapshot snapshot() {
        if (!activePolicy.isLoaded()) {
            throw new GatewayException(ErrorKind.NOT_READY, "Modelgate is starting and has no policy loaded yet. Retry shortly.");
        }
        return activePolicy.snapshot();
    }

    /**
     * Applies the access decision and checks the model is served on {@code api}; returns the model to forward to or
     * throws the caller's error. The API is checked after access, so a caller learns nothing of models it may not use.
     */
    static ServedModel authorise(RoutingContext ctx, PolicySnapshot snapshot, Caller caller, String modelName, Api api) {
        AccessDecision decision = snapshot.access().decide(caller.gatewayRoles(), modelName);
        if (decision.allowed()) {
            ctx.put(CallFacts.ROLE, decision.grantedBy());
        }
        ServedModel model = switch (decision.outcome()) {
            case ALLOWED -> snapshot.model(modelName).orElseThrow();
            case NO_GATEWAY_ROLE -> throw noGatewayRole();
            case UNKNOWN_MODEL -> throw new GatewayException(ErrorKind.MODEL_NOT_FOUND,
                    "The model '" + modelName + "' does not exist. GET /v1/models lists the models you may use.", "model");
            case NOT_PERMITTED -> {
                String message = "You are not permitted to use model '" + modelName + "'.";
                if (caller.gatewayRoles().contains(BuiltInRoles.PROXY_ADMIN)) {
                    message += " Roles that may use it: " + snapshot.access().rolesPermitting(modelName) + ".";
                } else {
                    message += " GET /v1/models lists the models you may use; ask an operator for access.";
                }
                throw new GatewayException(ErrorKind.MODEL_NOT_PERMITTED, message, "model");
            }
        };
        if (!model.serves(api)) {
            throw new GatewayException(ErrorKind.INVALID_REQUEST, "The model '" + modelName + "' is not served on " + api.path()
                    + ". It is served on " + Api.describe(model.apis()) + ".", "model");
        }
        return model;
    }

    static void requireGatewayRole(Caller caller) {
        if (caller.gatewayRoles().isEmpty()) {
            throw noGatewayRole();
        }
    }

    private static GatewayException noGatewayRole() {
        return new GatewayException(ErrorKind.NO_GATEWAY_ROLE,
                "Your token carries no role that grants access to Modelgate. Ask an operator to map one of your identity provider roles.");
    }

    static MultiMap forwardedHeaders(HttpServerRequest request) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        for (String name : FORWARDED_HEADERS) {
            String value = request.getHeader(name);
            if (value != null) {
                headers.add(name, value);
            }
        }
        return headers;
    }

    /** The caller's X-Request-Id when it is a sane token, else a fresh one; echoed to the caller and upstream. */
    static String requestId(RoutingContext ctx) {
        String given = ctx.request().getHeader("X-Request-Id");
        String id;
        if (given != null && given.length() <= 128 && given.chars().allMatch(c -> c > 32 && c < 127)) {
            id = given;
        } else {
            ThreadLocalRandom random = ThreadLocalRandom.current(); // unique enough for tracing, and no SecureRandom lock
            id = new UUID(random.nextLong(), random.nextLong()).toString();
        }
        ctx.response().putHeader("X-Request-Id", id);
        return id;
    }
}
