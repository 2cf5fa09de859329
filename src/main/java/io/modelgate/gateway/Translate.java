package io.modelgate.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelgate.error.ErrorKind;
import io.modelgate.error.GatewayException;
import io.modelgate.inspect.Endpoint;
import io.modelgate.inspect.ModelRequest;
import io.modelgate.json.JsonBytes;
import io.modelgate.policy.Api;
import io.modelgate.responses.ConversationItems;
import io.modelgate.responses.KeptResponses;
import io.modelgate.snapshot.ServedModel;
import io.modelgate.translate.ResponseFrame;
import io.modelgate.translate.TokenCounts;
import io.modelgate.translate.TokenEstimate;
import io.modelgate.translate.Translated;
import io.modelgate.translate.Translation;
import io.modelgate.translate.Untranslatable;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.util.Map;

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
    /** The operation a translated call is sent as, by the upstream's API. */
    private static final Map<Api, Endpoint> UPSTREAM_OPERATIONS = Map.of(Api.CHAT_COMPLETIONS, Endpoint.CHAT_COMPLETIONS,
            Api.MESSAGES, Endpoint.MESSAGES);
    /** The operation a token count is sent as, by the upstream's API: chat completions has none. */
    private static final Map<Api, Endpoint> COUNT_OPERATIONS = Map.of(Api.MESSAGES, Endpoint.MESSAGES_COUNT_TOKENS);

    /**
     * A translated call: how, the operation sent upstream, and the request written for it; for the Responses API, the
     * caller's request as it came ({@code asked}) and what its response takes from it ({@code frame}), else null.
     */
    record Plan(Translation translation, Endpoint upstream, Translated request, JsonNode asked, ResponseFrame frame) {
        /** The body a deployment gets: the translated request, naming the deployment's own model. */
        Buffer body(String upstreamModel) {
            ObjectNode body = request.body(); // deployments are tried one at a time, on the call's event loop
            body.put("model", upstreamModel);
            return Buffer.buffer(JsonBytes.of(body));
        }
    }

    private Translate() {
    }

    /** Whether the call is on an API its model's upstreams do not speak. */
    static boolean needed(ServedModel model, Endpoint endpoint) {
        return model.translates(endpoint.api());
    }

    /**
     * The translated request of a call that needs one; a 400 in the caller's shape when it cannot be translated.
     * {@code conversation}: the items of the kept conversation a Responses API call continues, else null.
     */
    static Plan request(Call call, Endpoint endpoint, ModelRequest asked, ServedModel model, ArrayNode conversation) {
        if (endpoint == Endpoint.RESPONSES_COMPACT) {
            throw new GatewayException(ErrorKind.INVALID_REQUEST, "The model '" + model.name() + "' is served on /v1/responses through "
                    + model.upstreamApi(endpoint.api()).path() + ", which cannot compact a conversation; compact it in the client.", null);
        }
        Translation translation = Translation.between(endpoint.api(), model.upstreamApi(endpoint.api()));
        JsonNode body = tree(asked);
        ResponseFrame frame = endpoint.api() == Api.RESPONSES ? ResponseFrame.of(KeptResponses.newId(), body) : null;
        JsonNode continued = conversation == null ? body : ConversationItems.continued(body, conversation, frame.id());
        Translated translated = translated(translation, endpoint, continued, model);
        if (countsTokens(endpoint) && translation.upstream() == Api.MESSAGES) { // Anthropic's own counter answers
            translated = new Translated(TokenCounts.countRequest(translated.body()), translated.omitted());
        }
        String upstreamPath = translation.upstream().path();
        String omitted = translated.omitted().isEmpty() ? null : String.join(",", translated.omitted());
        call.translated(upstreamPath, omitted);
        call.response().putHeader(TRANSLATED_TO, upstreamPath);
        if (omitted != null) {
            call.response().putHeader(OMITTED, omitted);
        }
        Endpoint upstream = countsTokens(endpoint) ? COUNT_OPERATIONS.get(translation.upstream()) : UPSTREAM_OPERATIONS.get(translation.upstream());
        return new Plan(translation, upstream, translated, frame == null ? null : body, frame);
    }

    /**
     * {@code count_tokens} on a model whose upstream has no counter: the gateway's estimate of the translated request
     * ({@link TokenEstimate}), said to be one.
     */
    static JsonObject estimatedTokenCount(Call call, Endpoint endpoint, Plan plan) {
        call.response().putHeader(TOKEN_COUNT, "estimate");
        JsonObject count = new JsonObject();
        if (endpoint == Endpoint.RESPONSES_INPUT_TOKENS) {
            count.put("object", "response.input_tokens");
        }
        return count.put("input_tokens", TokenEstimate.of(plan.request().body()));
    }

    /** Whether the operation counts a request's tokens. */
    static boolean countsTokens(Endpoint endpoint) {
        return endpoint == Endpoint.MESSAGES_COUNT_TOKENS || endpoint == Endpoint.RESPONSES_INPUT_TOKENS;
    }

    /** Whether the gateway counts the tokens itself, by estimate: the upstream's API has no counter (chat completions). */
    static boolean estimatesTokens(Endpoint endpoint, Plan plan) {
        return countsTokens(endpoint) && plan.upstream() == null;
    }

    /** The answers of a translated call, rewritten in the caller's API as they are relayed, their usage read by {@code usage}. */
    static AnswerWatches answers(Call call, Plan plan, ModelRequest asked, AnswerWatches usage) {
        if (plan.upstream() == Endpoint.MESSAGES_COUNT_TOKENS) { // the Responses API's input_tokens, counted by Anthropic
            return TranslatedAnswer.of(TokenCounts::responsesInputTokens, () -> {
                throw new IllegalStateException("a token count is no stream");
            }, call.shape, usage);
        }
        return TranslatedAnswer.of(plan.translation(), asked.includesStreamUsage(), plan.frame(), call.shape, usage);
    }

    private static JsonNode tree(ModelRequest asked) {
        try {
            return JSON.readTree(asked.withModel(asked.model()).getBytes());
        } catch (IOException e) { // inspected as JSON already: cannot happen
            throw new GatewayException(ErrorKind.INVALID_JSON, "The request body is not valid JSON.");
        }
    }

    private static Translated translated(Translation translation, Endpoint endpoint, JsonNode body, ServedModel model) {
        try {
            return translation.request(body, model.dialect());
        } catch (Untranslatable e) {
            throw new GatewayException(ErrorKind.INVALID_REQUEST, "The model '" + model.name() + "' is served on " + endpoint.api().path()
                    + " through " + translation.upstream().path() + ", which cannot express this: " + e.getMessage(), e.param());
        }
    }
}
