package io.modelgate.upstream.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;

import java.util.ArrayList;
import java.util.List;

import static io.modelgate.upstream.mock.MockAnswer.JSON;

/** The mock's Anthropic Messages API: a message (plain, or streamed event by event) and token counting. */
final class MockMessages {

    private MockMessages() {
    }

    static MockAnswer create(String id, String model, String fixedReply, JsonNode request) {
        if (!request.path("messages").isArray() || !request.has("max_tokens")) {
            return MockAnswer.anthropicError(400, "messages and max_tokens are required", "invalid_request_error");
        }
        String reply = MockText.reply(fixedReply, model, MockText.lastUserText(request.path("messages")));
        int inputTokens = inputTokens(request);
        int outputTokens = MockText.words(reply);
        String messageId = "msg_mock_" + id;
        if (!request.path("stream").asBoolean(false)) {
            ObjectNode message = message(messageId, model, inputTokens, outputTokens);
            message.putArray("content").addObject().put("type", "text").put("text", reply);
            message.put("stop_reason", "end_turn");
            return MockAnswer.json(200, message);
        }
        List<Buffer> events = new ArrayList<>();
        ObjectNode start = message(messageId, model, inputTokens, 1);
        start.putArray("content");
        start.putNull("stop_reason");
        events.add(MockAnswer.event("message_start", JSON.createObjectNode().put("type", "message_start").set("message", start)));
        ObjectNode blockStart = JSON.createObjectNode().put("type", "content_block_start").put("index", 0);
        blockStart.putObject("content_block").put("type", "text").put("text", "");
        events.add(MockAnswer.event("content_block_start", blockStart));
        events.add(MockAnswer.event("ping", JSON.createObjectNode().put("type", "ping")));
        for (String piece : MockText.pieces(reply)) {
            ObjectNode delta = JSON.createObjectNode().put("type", "content_block_delta").put("index", 0);
            delta.putObject("delta").put("type", "text_delta").put("text", piece);
            events.add(MockAnswer.event("content_block_delta", delta));
        }
        events.add(MockAnswer.event("content_block_stop", JSON.createObjectNode().put("type", "content_block_stop").put("index", 0)));
        ObjectNode messageDelta = JSON.createObjectNode().put("type", "message_delta");
        messageDelta.putObject("delta").put("stop_reason", "end_turn").putNull("stop_sequence");
        messageDelta.putObject("usage").put("output_tokens", outputTokens);
        events.add(MockAnswer.event("message_delta", messageDelta));
        events.add(MockAnswer.event("message_stop", JSON.createObjectNode().put("type", "message_stop")));
        return MockAnswer.events(events);
    }

    static MockAnswer countTokens(JsonNode request) {
        return MockAnswer.json(200, JSON.createObjectNode().put("input_tokens", inputTokens(request)));
    }

    private static int inputTokens(JsonNode request) {
        return MockText.tokensOf(request.path("messages")) + MockText.tokensOf(request.path("system"));
    }

    private static ObjectNode message(String id, String model, int inputTokens, int outputTokens) {
        ObjectNode message = JSON.createObjectNode().put("id", id).put("type", "message").put("role", "assistant").put("model", model);
        message.putNull("stop_sequence");
        message.putObject("usage").put("input_tokens", inputTokens).put("output_tokens", outputTokens)
                .put("cache_creation_input_tokens", 0).put("cache_read_input_tokens", 0);
        return message;
    }
}
