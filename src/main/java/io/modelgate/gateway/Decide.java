package io.modelgate.gateway;

import io.modelgate.access.AccessDecision;
import io.modelgate.access.BuiltInRoles;
import io.modelgate.error.ErrorKind;
import io.modelgate.error.GatewayException;
import io.modelgate.identity.Caller;
import io.modelgate.policy.Api;
import io.modelgate.snapshot.PolicySnapshot;
import io.modelgate.snapshot.ServedModel;

/**
 * The decide stage: whether the caller may use the model it names, on the API it called — by
 * {@link io.modelgate.access.AccessPolicy#decide}, the pure function that explain answers with too — and the model to
 * forward to. A refusal is the caller's error; it says nothing of models the caller may not use.
 */
final class Decide {

    private Decide() {
    }

    /**
     * The model {@code modelName} names, when the caller may use it on {@code api}; the role credited is noted on the
     * call. The API is checked after access, so a caller learns nothing of models it may not use.
     */
    static ServedModel model(Call call, String modelName, Api api) {
        Caller caller = call.caller();
        PolicySnapshot snapshot = call.snapshot;
        call.names(modelName);
        AccessDecision decision = snapshot.access().decide(caller.gatewayRoles(), modelName);
        ServedModel model = switch (decision.outcome()) {
            case ALLOWED -> {
                call.grantedBy(decision.grantedBy());
                yield snapshot.model(modelName).orElseThrow();
            }
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

    /** Operations that name no model still need a caller whose token maps to a gateway role. */
    static void requireGatewayRole(Caller caller) {
        if (caller.gatewayRoles().isEmpty()) {
            throw noGatewayRole();
        }
    }

    private static GatewayException noGatewayRole() {
        return new GatewayException(ErrorKind.NO_GATEWAY_ROLE,
                "Your token carries no role that grants access to Modelgate. Ask an operator to map one of your identity provider roles.");
    }
}
