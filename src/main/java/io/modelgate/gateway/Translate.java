package io.modelgate.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelgate.error.ErrorKind;
import io.modelgate.error.GatewayException;
import io.modelgate.inspect.Endpoint;
import io.modelgate.inspect.ModelRequest;
import io.modelgate.policy.Api;
import io.modelgate.snapshot.ServedModel;
import io.modelgate.translate.MessagesToChat;
import io.modelgate.translate.TokenEstimate;
import io.modelgate.translate.Translated;
import io.modelgate.translate.Untranslatable;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.io.IOException;

/**
 * The translate stage: a call on an API its model's upstreams do not speak ({@link ServedModel#translates}) is written
 * in the one they are called on ({@code io.modelgate.translate}): the request here, before anything is counted or sent;
 * the answer as it comes back ({@link TranslatedAnswer}). The caller is told in response headers which API the
 * upstream was called on and what the translation left out, and so is the access log. A call that needs no
 * translation is not touched: its body is never parsed.
 */
final class Translate {

    /** The API path a translated call reached its upstream on. */
    static final String TRANSLATED_TO = "X-Modelgate-Translated-To";
    /** What the translation left out of the request, comma-separated ({@code tool:web_search,top_k}). */
    static final String OMITTED = "X-Modelgate-Omitted";
    /** On a token count the gateway estimated itself: {@code estimate}. */
    static final String TOKEN_COUNT = "X-Modelgate-Token-Count";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A translated call: the operation sent upstream, and the request written for it. */
    record Translation(Endpoint upstream, Translated request) {
        /** The body a deployment gets: the translated request, naming the deployment's own model. */
        Buffer body(String upstreamModel) {
            ObjectNode body = request.body(); // deployments are tried one at a time, on the call's event loop
            body.put("model", upstreamModel);
            return Buffer.buffer(body.toString());
        }
    }

    private Translate() {
    }

    /** Whether the call is on an API its model's upstreams do not speak. */
    static boolean needed(ServedModel model, Endpoint endpoint) {
        return model.translates(endpoint.api());
    }

    /** The translated request of a call that needs one; a 400 in the caller's shape when it cannot be translated. */
    static Translation request(Call call, Endpoint endpoint, ModelRequest asked, ServedModel model) {
        Api upstream = model.upstreamApi(endpoint.api());
        if (endpoint.api() != Api.MESSAGES || upstream != Api.CHAT_COMPLETIONS) {
            throw new IllegalStateException("no translation from " + endpoint.api() + " to " + upstream);
        }
        Translated translated = messagesToChat(asked, model);
        String omitted = translated.omitted().isEmpty() ? null : String.join(",", translated.omitted());
        call.translated(upstream.path(), omitted);
        call.response().putHeader(TRANSLATED_TO, upstream.path());
        if (omitted != null) {
            call.response().putHeader(OMITTED, omitted);
        }
        return new Translation(Endpoint.CHAT_COMPLETIONS, translated);
    }

    /**
     * {@code count_tokens} on a model whose upstream has no counter: the gateway's estimate of the translated request
     * ({@link TokenEstimate}), said to be one.
     */
    static JsonObject estimatedTokenCount(Call call, Translation translation) {
        call.response().putHeader(TOKEN_COUNT, "estimate");
        return new JsonObject().put("input_tokens", TokenEstimate.of(translation.request().body()));
    }

    private static Translated messagesToChat(ModelRequest asked, ServedModel model) {
        JsonNode body;
        try {
            body = JSON.readTree(asked.withModel(asked.model()).getBytes());
        } catch (IOException e) { // inspected as JSON already: cannot happen
            throw new GatewayException(ErrorKind.INVALID_JSON, "The request body is not valid JSON.");
        }
        try {
            return MessagesToChat.request(body, model.dialect());
        } catch (Untranslatable e) {
            throw new GatewayException(ErrorKind.INVALID_REQUEST, "The model '" + model.name() + "' is served on /v1/messages through"
                    + " chat completions, which cannot express this: " + e.getMessage(), e.param());
        }
    }
}
