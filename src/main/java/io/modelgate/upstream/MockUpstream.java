package io.modelgate.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.streams.ReadStream;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * The built-in {@code mock} upstream: answers chat completions (plain and streamed) and embeddings
 * in OpenAI's shapes, deterministically from the request, with the latency, chunk pacing and error
 * injection its deployment asks for. Dev mode and tests use it instead of the network.
 */
@Singleton
public class MockUpstream implements UpstreamTransport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DEFAULT_DIMENSIONS = 16;

    private final Vertx vertx;

    MockUpstream(Vertx vertx) {
        this.vertx = vertx;
    }

    @Override
    public Future<UpstreamResponse> send(Deployment deployment, UpstreamCall call) {
        MockBehaviour behaviour = deployment.mock();
        byte[] body = call.body(deployment).getBytes();
        byte[] digest = sha256(body);
        JsonNode request;
        try {
            request = JSON.readTree(body);
        } catch (IOException e) {
            return respondAfter(behaviour.latencyMs(), jsonResponse(400, error("mock upstream could not parse the body", "invalid_request_error")));
        }
        if (behaviour.failureRate() > 0 && unitInterval(digest) < behaviour.failureRate()) {
            return respondAfter(behaviour.latencyMs(),
                    jsonResponse(behaviour.failureStatus(), error("injected mock failure", "server_error")));
        }
        String id = HexFormat.of().formatHex(digest, 0, 12);
        MockResponse response = switch (call.endpoint()) {
            case EMBEDDINGS -> jsonResponse(200, embeddings(deployment.upstreamModel(), request));
            case CHAT_COMPLETIONS -> call.stream()
                    ? streamResponse(chatChunks(id, deployment.upstreamModel(), reply(behaviour, deployment, request),
                            request.path("stream_options").path("include_usage").asBoolean(false)), behaviour.chunkDelayMs())
                    : jsonResponse(200, chat(id, deployment.upstreamModel(), reply(behaviour, deployment, request)));
        };
        return respondAfter(behaviour.latencyMs(), response);
    }

    private Future<UpstreamResponse> respondAfter(int latencyMs, MockResponse response) {
        if (latencyMs <= 0) {
            return Future.succeededFuture(response);
        }
        Promise<UpstreamResponse> promise = Promise.promise();
        vertx.setTimer(latencyMs, id -> promise.complete(response));
        return promise.future();
    }

    // ---- responses ----

    private MockResponse jsonResponse(int status, ObjectNode body) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().add(HttpHeaders.CONTENT_TYPE, "application/json");
        return new MockResponse(status, headers, new ScheduledChunkStream(vertx, List.of(Buffer.buffer(body.toString())), 0));
    }

    private MockResponse streamResponse(List<Buffer> events, int chunkDelayMs) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap()
                .add(HttpHeaders.CONTENT_TYPE, "text/event-stream; charset=utf-8")
                .add(HttpHeaders.CACHE_CONTROL, "no-cache");
        return new MockResponse(200, headers, new ScheduledChunkStream(vertx, events, chunkDelayMs));
    }

    private static ObjectNode error(String message, String type) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("error").put("message", message).put("type", type).putNull("param").putNull("code");
        return body;
    }

    private static String reply(MockBehaviour behaviour, Deployment deployment, JsonNode request) {
        if (behaviour.response() != null) {
            return behaviour.response();
        }
        String lastUser = "";
        for (JsonNode message : request.path("messages")) {
            if ("user".equals(message.path("role").asText())) {
                lastUser = text(message.path("content"));
            }
        }
        if (lastUser.length() > 200) {
            lastUser = lastUser.substring(0, 200) + "…";
        }
        return "Mock reply from " + deployment.upstreamModel() + ": " + (lastUser.isEmpty() ? "hello" : lastUser);
    }

    /** Message content is a string or a list of parts; the text parts are joined. */
    private static String text(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : content) {
            if ("text".equals(part.path("type").asText())) {
                text.append(part.path("text").asText());
            }
        }
        return text.toString();
    }

    private static ObjectNode chat(String id, String model, String reply) {
        ObjectNode body = JSON.createObjectNode();
        body.put("id", "chatcmpl-mock-" + id).put("object", "chat.completion")
                .put("created", System.currentTimeMillis() / 1000).put("model", model);
        ObjectNode choice = body.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", reply);
        choice.putNull("logprobs");
        choice.put("finish_reason", "stop");
        usage(body, words(reply) + 8, words(reply));
        return body;
    }

    private static List<Buffer> chatChunks(String id, String model, String reply, boolean includeUsage) {
        List<Buffer> events = new ArrayList<>();
        long created = System.currentTimeMillis() / 1000;
        events.add(sse(chunk(id, model, created).set("choices", choiceDelta(JSON.createObjectNode()
                .put("role", "assistant").put("content", ""), null))));
        String[] words = reply.split("(?<= )");
        for (String word : words) {
            events.add(sse(chunk(id, model, created).set("choices",
                    choiceDelta(JSON.createObjectNode().put("content", word), null))));
        }
        events.add(sse(chunk(id, model, created).set("choices", choiceDelta(JSON.createObjectNode(), "stop"))));
        if (includeUsage) {
            ObjectNode usageChunk = chunk(id, model, created);
            usageChunk.putArray("choices");
            usage(usageChunk, words(reply) + 8, words(reply));
            events.add(sse(usageChunk));
        }
        events.add(Buffer.buffer("data: [DONE]\n\n"));
        return events;
    }

    private static ObjectNode chunk(String id, String model, long created) {
        return JSON.createObjectNode().put("id", "chatcmpl-mock-" + id).put("object", "chat.completion.chunk")
                .put("created", created).put("model", model);
    }

    private static ArrayNode choiceDelta(ObjectNode delta, String finishReason) {
        ArrayNode choices = JSON.createArrayNode();
        ObjectNode choice = choices.addObject().put("index", 0);
        choice.set("delta", delta);
        choice.putNull("logprobs");
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        return choices;
    }

    private static Buffer sse(JsonNode event) {
        return Buffer.buffer("data: " + event + "\n\n");
    }

    private static ObjectNode embeddings(String model, JsonNode request) {
        List<String> inputs = new ArrayList<>();
        JsonNode input = request.path("input");
        if (input.isArray()) {
            input.forEach(item -> inputs.add(item.toString()));
        } else {
            inputs.add(input.toString());
        }
        int dimensions = request.path("dimensions").asInt(DEFAULT_DIMENSIONS);
        boolean base64 = "base64".equals(request.path("encoding_format").asText());
        ObjectNode body = JSON.createObjectNode().put("object", "list");
        ArrayNode data = body.putArray("data");
        int tokens = 0;
        for (int i = 0; i < inputs.size(); i++) {
            float[] vector = vector(model + "\u0000" + inputs.get(i), Math.max(1, Math.min(dimensions, 4096)));
            ObjectNode item = data.addObject().put("object", "embedding").put("index", i);
            if (base64) {
                ByteBuffer bytes = ByteBuffer.allocate(vector.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                for (float v : vector) {
                    bytes.putFloat(v);
                }
                item.put("embedding", Base64.getEncoder().encodeToString(bytes.array()));
            } else {
                ArrayNode values = item.putArray("embedding");
                for (float v : vector) {
                    values.add(v);
                }
            }
            tokens += words(inputs.get(i));
        }
        body.put("model", model);
        body.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
        return body;
    }

    /** A unit-length vector derived from the text alone, so equal inputs always embed equally. */
    private static float[] vector(String text, int dimensions) {
        float[] vector = new float[dimensions];
        byte[] seed = sha256(text.getBytes(StandardCharsets.UTF_8));
        double norm = 0;
        for (int i = 0; i < dimensions; i++) {
            vector[i] = (seed[i % seed.length] + 0.5f * (i / seed.length)) / 128f;
            norm += vector[i] * vector[i];
        }
        float scale = norm == 0 ? 1 : (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < dimensions; i++) {
            vector[i] *= scale;
        }
        return vector;
    }

    private static void usage(ObjectNode body, int prompt, int completion) {
        body.putObject("usage").put("prompt_tokens", prompt).put("completion_tokens", completion)
                .put("total_tokens", prompt + completion);
    }

    private static int words(String text) {
        return text.isBlank() ? 0 : text.trim().split("\\s+").length;
    }

    private static double unitInterval(byte[] digest) {
        long bits = ByteBuffer.wrap(digest, 0, 8).getLong() >>> 11;
        return bits / (double) (1L << 53);
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record MockResponse(int status, MultiMap headers, ScheduledChunkStream stream) implements UpstreamResponse {
        @Override
        public ReadStream<Buffer> body() {
            return stream;
        }

        @Override
        public void cancel() {
            stream.cancel();
        }

        @Override
        public void discard() {
            stream.cancel(); // nothing in-process is worth reading to the end
        }
    }
}
