package io.modelgate.gateway;

import io.modelgate.access.AccessDecision;
import io.modelgate.access.ModelRef;
import io.modelgate.error.ErrorKind;
import io.modelgate.error.GatewayException;
import io.modelgate.identity.Caller;
import io.modelgate.snapshot.PolicySnapshot;
import io.modelgate.snapshot.ServedModel;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * The models a caller may use, as OpenAI's and Anthropic's model lists both describe them (each SDK reads its own
 * fields and ignores the others'), with the APIs each is served on and which of them the gateway translates (to an API
 * the model's upstreams speak). Decided by the same access function as a call.
 */
final class ModelListing {

    private ModelListing() {
    }

    static JsonObject list(PolicySnapshot snapshot, Caller caller) {
        JsonArray data = new JsonArray();
        for (ModelRef ref : snapshot.access().allowedModels(caller.gatewayRoles())) {
            snapshot.model(ref.name()).ifPresent(model -> data.add(json(model)));
        }
        JsonObject list = new JsonObject().put("object", "list").put("data", data).put("has_more", false);
        if (!data.isEmpty()) { // Anthropic's list pages by id
            list.put("first_id", data.getJsonObject(0).getString("id")).put("last_id", data.getJsonObject(data.size() - 1).getString("id"));
        }
        return list;
    }

    /** One model; denied and absent look the same, so a caller learns nothing of models it may not use. */
    static JsonObject one(PolicySnapshot snapshot, Caller caller, String id) {
        AccessDecision decision = snapshot.access().decide(caller.gatewayRoles(), id);
        ServedModel model = snapshot.model(id).filter(m -> decision.allowed()).orElseThrow(() -> new GatewayException(
                ErrorKind.MODEL_NOT_FOUND, "The model '" + id + "' does not exist or you do not have access to it.", "model"));
        return json(model);
    }

    private static JsonObject json(ServedModel model) {
        Instant created = model.createdAt();
        JsonObject json = new JsonObject().put("id", model.name()).put("object", "model")
                .put("created", created.getEpochSecond()).put("owned_by", "modelgate")
                .put("type", "model").put("display_name", model.name()).put("created_at", created.toString());
        if (model.description() != null) {
            json.put("description", model.description());
        }
        JsonArray apis = new JsonArray();
        JsonArray translated = new JsonArray();
        model.apis().stream().sorted().forEach(api -> {
            apis.add(api.path());
            if (model.translates(api)) {
                translated.add(api.path());
            }
        });
        return json.put("apis", apis).put("translated_apis", translated);
    }
}
