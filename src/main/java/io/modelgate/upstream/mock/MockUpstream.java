package io.modelgate.upstream.mock;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelgate.policy.ApiFamily;
import io.modelgate.inspect.Endpoint;
import io.modelgate.inspect.InspectedForm;
import io.modelgate.error.GatewayException;
import io.modelgate.upstream.Deployment;
import io.modelgate.upstream.MockBehaviour;
import io.modelgate.upstream.UpstreamCall;
import io.modelgate.upstream.UpstreamResponse;
import io.modelgate.upstream.UpstreamTransport;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The built-in {@code mock} upstream: it speaks every API the gateway serves — chat, responses (stored ones too),
 * legacy completions, embeddings, images, audio, moderations, rerank, and Anthropic's messages — in each API's
 * shapes, deterministically from the request, with the latency, chunk pacing and error injection its deployment
 * asks for. Dev mode and tests use it instead of the network.
 */
@Singleton
public class MockUpstream implements UpstreamTransport {

    private final Vertx vertx;
    /** Stored responses, shared by every mock deployment, as an upstream account's are. */
    private final MockResponses responses = new MockResponses();

    MockUpstream(Vertx vertx) {
        this.vertx = vertx;
    }

    @Override
    public Future<UpstreamResponse> send(Deployment deployment, UpstreamCall call) {
        MockBehaviour behaviour = deployment.mock();
        Buffer body = call.body(deployment);
        byte[] bytes = body == null ? call.endpoint().path(call.responseId()).getBytes(StandardCharsets.UTF_8) : body.getBytes();
        byte[] digest = MockText.sha256(bytes);
        boolean anthropic = call.endpoint().family() == ApiFamily.ANTHROPIC;
        MockAnswer answer;
        if (behaviour.failureRate() > 0 && MockText.unitInterval(digest) < behaviour.failureRate()) {
            answer = anthropic ? MockAnswer.anthropicError(behaviour.failureStatus(), "injected mock failure", "api_error")
                    : MockAnswer.openAiError(behaviour.failureStatus(), "injected mock failure", "server_error", null, null);
        } else {
            answer = answer(deployment, call, body, HexFormat.of().formatHex(digest, 0, 12));
        }
        UpstreamResponse response = answer.toResponse(vertx, behaviour.chunkDelayMs());
        if (behaviour.latencyMs() <= 0) {
            return Future.succeededFuture(response);
        }
        Promise<UpstreamResponse> promise = Promise.promise();
        vertx.setTimer(behaviour.latencyMs(), id -> promise.complete(response));
        return promise.future();
    }

    private MockAnswer answer(Deployment deployment, UpstreamCall call, Buffer body, String id) {
        String model = deployment.upstreamModel();
        String fixed = deployment.mock().response();
        if (call.endpoint().body() == Endpoint.Body.MULTIPART) {
            InspectedForm form;
            try {
                form = InspectedForm.inspect(body, call.contentType());
            } catch (GatewayException e) {
                return MockAnswer.openAiError(400, "mock upstream could not read the form: " + e.getMessage(), "invalid_request_error",
                        null, null);
            }
            return switch (call.endpoint()) {
                case AUDIO_TRANSCRIPTIONS -> MockMedia.transcription(model, form, false);
                case AUDIO_TRANSLATIONS -> MockMedia.transcription(model, form, true);
                default -> MockMedia.imageEdit(model, form);
            };
        }
        JsonNode request = MockAnswer.JSON.nullNode();
        if (body != null) {
            try {
                request = MockAnswer.JSON.readTree(body.getBytes());
            } catch (IOException e) {
                return call.endpoint().family() == ApiFamily.ANTHROPIC
                        ? MockAnswer.anthropicError(400, "mock upstream could not parse the body", "invalid_request_error")
                        : MockAnswer.openAiError(400, "mock upstream could not parse the body", "invalid_request_error", null, null);
            }
        }
        int promptTokens = MockText.tokensOf(request.path("messages")) + MockText.tokensOf(request.path("prompt"));
        return switch (call.endpoint()) {
            case CHAT_COMPLETIONS -> MockChat.chat(id, model, MockText.reply(fixed, model, MockText.lastUserText(request.path("messages"))),
                    promptTokens, request);
            case COMPLETIONS -> MockChat.completion(id, model, MockText.reply(fixed, model, MockText.text(request.path("prompt"))),
                    promptTokens, request);
            case EMBEDDINGS -> MockChat.embeddings(model, request);
            case RESPONSES -> responses.create(uniqueId(), model, fixed, request);
            case RESPONSES_INPUT_TOKENS -> MockResponses.inputTokens(request);
            case RESPONSES_COMPACT -> MockResponses.compact(id, model, request);
            case RESPONSE_RETRIEVE -> responses.retrieve(call.responseId());
            case RESPONSE_DELETE -> responses.delete(call.responseId());
            case RESPONSE_CANCEL -> responses.cancel(call.responseId());
            case RESPONSE_INPUT_ITEMS -> responses.inputItems(call.responseId());
            case MESSAGES -> MockMessages.create(id, model, fixed, request);
            case MESSAGES_COUNT_TOKENS -> MockMessages.countTokens(request);
            case MODERATIONS -> MockMedia.moderation(id, model, request);
            case IMAGES_GENERATIONS -> MockMedia.images(model, request.path("n").asInt(1), request.path("prompt").asText(""));
            case AUDIO_SPEECH -> MockMedia.speech(request);
            case RERANK -> MockMedia.rerank(id, model, request);
            case IMAGES_EDITS, IMAGES_VARIATIONS, AUDIO_TRANSCRIPTIONS, AUDIO_TRANSLATIONS -> throw new IllegalStateException("multipart, answered above");
        };
    }

    /** Stored responses need ids of their own: two callers sending the same body must not share one. */
    private static String uniqueId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return HexFormat.of().toHexDigits(random.nextLong()) + HexFormat.of().toHexDigits(random.nextInt());
    }
}
