package io.modelgate.upstream.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static io.modelgate.upstream.mock.MockAnswer.JSON;

/** The mock's chat completions (plain and streamed), legacy completions and embeddings, in OpenAI's shapes. */
final class MockChat {

    private static final int DEFAULT_DIMENSIONS = 16;

    private MockChat() {
    }

    /**
     * A chat completion: the reply in text, or the tool calls the request asks for ({@link MockToolCalls}); after a tool's
     * result, a reply quoting it.
     */
    static MockAnswer chat(String id, String model, String reply, int promptTokens, JsonNode request) {
        List<MockToolCalls.ToolCall> calls = MockToolCalls.of(request, "call_" + id.substring(0, 8) + "_");
        String text = calls.isEmpty() ? MockToolCalls.reply(model, reply, request.path("messages")) : null;
        int completionTokens = text != null ? MockText.words(text) : calls.stream().mapToInt(c -> MockText.words(c.arguments()) + 1).sum();
        if (request.path("stream").asBoolean(false)) {
            boolean includeUsage = request.path("stream_options").path("include_usage").asBoolean(false);
            return MockAnswer.events(chatChunks(id, model, text, calls, promptTokens, completionTokens, includeUsage));
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("id", "chatcmpl-mock-" + id).put("object", "chat.completion").put("created", now()).put("model", model);
        ObjectNode choice = body.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message").put("role", "assistant").put("content", text);
        if (!calls.isEmpty()) {
            ArrayNode toolCalls = message.putArray("tool_calls");
            for (MockToolCalls.ToolCall call : calls) {
                toolCalls.addObject().put("id", call.id()).put("type", "function").putObject("function")
                        .put("name", call.name()).put("arguments", call.arguments());
            }
        }
        choice.putNull("logprobs");
        choice.put("finish_reason", calls.isEmpty() ? "stop" : "tool_calls");
        usage(body, promptTokens, completionTokens);
        return MockAnswer.json(200, body);
    }

    /** The reply streamed word by word, or each tool call streamed as OpenAI does: name first, then its arguments in pieces. */
    private static List<Buffer> chatChunks(String id, String model, String reply, List<MockToolCalls.ToolCall> calls, int promptTokens,
            int completionTokens, boolean includeUsage) {
        List<Buffer> events = new ArrayList<>();
        long created = now();
        List<ObjectNode> chunks = new ArrayList<>();
        chunks.add((ObjectNode) chunk(id, model, created).set("choices", choiceDelta(JSON.createObjectNode()
                .put("role", "assistant").put("content", ""), null)));
        if (reply != null) {
            for (String piece : MockText.pieces(reply)) {
                chunks.add((ObjectNode) chunk(id, model, created).set("choices", choiceDelta(JSON.createObjectNode().put("content", piece), null)));
            }
        }
        for (int i = 0; i < calls.size(); i++) {
            MockToolCalls.ToolCall call = calls.get(i);
            ObjectNode delta = JSON.createObjectNode();
            delta.putArray("tool_calls").addObject().put("index", i).put("id", call.id()).put("type", "function")
                    .putObject("function").put("name", call.name()).put("arguments", "");
            chunks.add((ObjectNode) chunk(id, model, created).set("choices", choiceDelta(delta, null)));
            for (String arguments : call.argumentPieces()) {
                ObjectNode piece = JSON.createObjectNode();
                piece.putArray("tool_calls").addObject().put("index", i).putObject("function").put("arguments", arguments);
                chunks.add((ObjectNode) chunk(id, model, created).set("choices", choiceDelta(piece, null)));
            }
        }
        chunks.add((ObjectNode) chunk(id, model, created).set("choices", choiceDelta(JSON.createObjectNode(), calls.isEmpty() ? "stop" : "tool_calls")));
        for (ObjectNode chunk : chunks) {
            if (includeUsage) {
                chunk.putNull("usage"); // as OpenAI does: every chunk has the field once usage is asked for
            }
            events.add(MockAnswer.event(null, chunk));
        }
        if (includeUsage) {
            ObjectNode usageChunk = chunk(id, model, created);
            usageChunk.putArray("choices");
            usage(usageChunk, promptTokens, completionTokens);
            events.add(MockAnswer.event(null, usageChunk));
        }
        events.add(Buffer.buffer("data: [DONE]\n\n"));
        return events;
    }

    /** {@code /v1/completions}: the prompt's echo as {@code text}, plain or streamed. */
    static MockAnswer completion(String id, String model, String reply, int promptTokens, JsonNode request) {
        long created = now();
        if (request.path("stream").asBoolean(false)) {
            List<Buffer> events = new ArrayList<>();
            for (String piece : MockText.pieces(reply)) {
                events.add(MockAnswer.event(null, completionChunk(id, model, created, piece, null)));
            }
            events.add(MockAnswer.event(null, completionChunk(id, model, created, "", "stop")));
            if (request.path("stream_options").path("include_usage").asBoolean(false)) {
                ObjectNode usageChunk = JSON.createObjectNode().put("id", "cmpl-mock-" + id).put("object", "text_completion")
                        .put("created", created).put("model", model);
                usageChunk.putArray("choices");
                usage(usageChunk, promptTokens, MockText.words(reply));
                events.add(MockAnswer.event(null, usageChunk));
            }
            events.add(Buffer.buffer("data: [DONE]\n\n"));
            return MockAnswer.events(events);
        }
        ObjectNode body = completionChunk(id, model, created, reply, "stop");
        usage(body, promptTokens, MockText.words(reply));
        return MockAnswer.json(200, body);
    }

    private static ObjectNode completionChunk(String id, String model, long created, String text, String finishReason) {
        ObjectNode body = JSON.createObjectNode().put("id", "cmpl-mock-" + id).put("object", "text_completion")
                .put("created", created).put("model", model);
        ObjectNode choice = body.putArray("choices").addObject().put("text", text).put("index", 0);
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason);
        return body;
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
        choice.put("finish_reason", finishReason);
        return choices;
    }

    static MockAnswer embeddings(String model, JsonNode request) {
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
            tokens += MockText.words(inputs.get(i));
        }
        body.put("model", model);
        body.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
        return MockAnswer.json(200, body);
    }

    /** A unit-length vector derived from the text alone, so equal inputs always embed equally. */
    static float[] vector(String text, int dimensions) {
        float[] vector = new float[dimensions];
        byte[] seed = MockText.sha256(text.getBytes(StandardCharsets.UTF_8));
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

    static void usage(ObjectNode body, int prompt, int completion) {
        body.putObject("usage").put("prompt_tokens", prompt).put("completion_tokens", completion)
                .put("total_tokens", prompt + completion);
    }

    static long now() {
        return System.currentTimeMillis() / 1000;
    }
}
