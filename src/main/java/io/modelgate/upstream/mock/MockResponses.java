package io.modelgate.upstream.mock;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.buffer.Buffer;

import java.util.ArrayList;
import java.util.List;

import static io.modelgate.upstream.mock.MockAnswer.JSON;

/**
 * The mock's Responses API: create (plain, or streamed as OpenAI's typed events), and the stored responses it
 * keeps in memory as OpenAI keeps them: retrieve, delete, cancel, input items, {@code previous_response_id}
 * chains (each turn counts the turns before it, so a test sees the chain was followed) and input token counts.
 */
// Caffeine picks a bounded cache's classes by name at run time: the native executable must keep them
@RegisterForReflection(classNames = {"com.github.benmanes.caffeine.cache.SSMS", "com.github.benmanes.caffeine.cache.PSMS"})
final class MockResponses {

    /** A response and the input items it was created from. */
    private record Stored(ObjectNode response, ArrayNode inputItems) {
    }

    private final Cache<String, Stored> stored = Caffeine.newBuilder().maximumSize(10_000).build();

    MockAnswer create(String id, String model, String fixedReply, JsonNode request) {
        String previousId = request.path("previous_response_id").asText(null);
        int turn = 1;
        if (previousId != null) {
            Stored previous = stored.getIfPresent(previousId);
            if (previous == null) {
                return notFound("Previous response with id '" + previousId + "' not found.", "previous_response_id");
            }
            turn = previous.response().path("metadata").path("mock_turn").asInt(1) + 1;
        }
        ArrayNode inputItems = inputItems(id, request.path("input"));
        String said = MockText.lastUserText(inputItems);
        String reply = MockText.reply(fixedReply, model, said) + (turn > 1 ? " (turn " + turn + ")" : "");
        String responseId = "resp_mock_" + id;
        ObjectNode response = response(responseId, model, request, turn);
        ObjectNode message = message("msg_mock_" + id, reply);
        int inputTokens = MockText.tokensOf(request.path("input")) + MockText.tokensOf(request.path("instructions"));
        if (request.path("store").asBoolean(true)) {
            ObjectNode done = complete(response.deepCopy(), message, inputTokens, reply);
            stored.put(responseId, new Stored(done, inputItems));
        }
        if (!request.path("stream").asBoolean(false)) {
            return MockAnswer.json(200, complete(response, message, inputTokens, reply));
        }
        return MockAnswer.events(events(response, message, inputTokens, reply));
    }

    private static List<Buffer> events(ObjectNode response, ObjectNode message, int inputTokens, String reply) {
        List<Buffer> events = new ArrayList<>();
        int[] sequence = {0};
        String itemId = message.path("id").asText();
        events.add(event("response.created", sequence, e -> e.set("response", response.deepCopy())));
        events.add(event("response.in_progress", sequence, e -> e.set("response", response.deepCopy())));
        ObjectNode emptyMessage = message.deepCopy().put("status", "in_progress");
        emptyMessage.putArray("content");
        events.add(event("response.output_item.added", sequence, e -> e.put("output_index", 0).set("item", emptyMessage)));
        events.add(event("response.content_part.added", sequence, e -> e.put("item_id", itemId).put("output_index", 0)
                .put("content_index", 0).set("part", textPart(""))));
        for (String piece : MockText.pieces(reply)) {
            events.add(event("response.output_text.delta", sequence, e -> {
                e.put("item_id", itemId).put("output_index", 0).put("content_index", 0).put("delta", piece);
                e.putArray("logprobs");
            }));
        }
        events.add(event("response.output_text.done", sequence, e -> {
            e.put("item_id", itemId).put("output_index", 0).put("content_index", 0).put("text", reply);
            e.putArray("logprobs");
        }));
        events.add(event("response.content_part.done", sequence, e -> e.put("item_id", itemId).put("output_index", 0)
                .put("content_index", 0).set("part", textPart(reply))));
        events.add(event("response.output_item.done", sequence, e -> e.put("output_index", 0).set("item", message)));
        events.add(event("response.completed", sequence, e -> e.set("response", complete(response.deepCopy(), message, inputTokens, reply))));
        return events;
    }

    private static Buffer event(String type, int[] sequence, java.util.function.Consumer<ObjectNode> fill) {
        ObjectNode event = JSON.createObjectNode().put("type", type).put("sequence_number", sequence[0]++);
        fill.accept(event);
        return MockAnswer.event(type, event);
    }

    MockAnswer retrieve(String responseId) {
        Stored found = stored.getIfPresent(responseId);
        return found == null ? missing(responseId) : MockAnswer.json(200, found.response());
    }

    MockAnswer delete(String responseId) {
        if (stored.asMap().remove(responseId) == null) {
            return missing(responseId);
        }
        return MockAnswer.json(200, JSON.createObjectNode().put("id", responseId).put("object", "response").put("deleted", true));
    }

    MockAnswer cancel(String responseId) {
        Stored found = stored.getIfPresent(responseId);
        if (found == null) {
            return missing(responseId);
        }
        if (!found.response().path("background").asBoolean(false)) {
            return MockAnswer.openAiError(400, "Cannot cancel a synchronous response.", "invalid_request_error", null, null);
        }
        found.response().put("status", "cancelled");
        return MockAnswer.json(200, found.response());
    }

    MockAnswer inputItems(String responseId) {
        Stored found = stored.getIfPresent(responseId);
        if (found == null) {
            return missing(responseId);
        }
        ObjectNode list = JSON.createObjectNode().put("object", "list");
        list.set("data", found.inputItems());
        list.put("first_id", found.inputItems().path(0).path("id").asText(null));
        list.put("last_id", found.inputItems().path(found.inputItems().size() - 1).path("id").asText(null));
        list.put("has_more", false);
        return MockAnswer.json(200, list);
    }

    static MockAnswer inputTokens(JsonNode request) {
        int tokens = MockText.tokensOf(request.path("input")) + MockText.tokensOf(request.path("instructions"));
        return MockAnswer.json(200, JSON.createObjectNode().put("object", "response.input_tokens").put("input_tokens", tokens));
    }

    /** A conversation compacted to one message that says how many items it stood for. */
    static MockAnswer compact(String id, String model, JsonNode request) {
        JsonNode input = request.path("input");
        int items = input.isArray() ? input.size() : 1;
        String summary = "Compacted " + items + " items for " + model + ".";
        ObjectNode body = JSON.createObjectNode().put("id", "resp_cmp_" + id).put("object", "response.compaction")
                .put("created_at", MockChat.now());
        body.putArray("output").add(message("msg_cmp_" + id, summary));
        usage(body, MockText.tokensOf(input), MockText.words(summary));
        return MockAnswer.json(200, body);
    }

    private static MockAnswer missing(String responseId) {
        return notFound("Response with id '" + responseId + "' not found.", null);
    }

    private static MockAnswer notFound(String message, String param) {
        return MockAnswer.openAiError(404, message, "invalid_request_error", param, null);
    }

    /** The input as items: a string is one user message; a list is kept, each item given an id. */
    private static ArrayNode inputItems(String id, JsonNode input) {
        ArrayNode items = JSON.createArrayNode();
        if (input.isTextual()) {
            ObjectNode item = items.addObject().put("type", "message").put("id", "msg_in_" + id + "_0").put("role", "user");
            item.putArray("content").addObject().put("type", "input_text").put("text", input.asText());
            return items;
        }
        int i = 0;
        for (JsonNode item : input) {
            ObjectNode copy = item.isObject() ? ((ObjectNode) item).deepCopy() : JSON.createObjectNode();
            if (!copy.has("type")) {
                copy.put("type", "message");
            }
            copy.put("id", "msg_in_" + id + "_" + i++);
            items.add(copy);
        }
        return items;
    }

    /** A response in progress, with the fields OpenAI's SDKs read. */
    private static ObjectNode response(String responseId, String model, JsonNode request, int turn) {
        ObjectNode response = JSON.createObjectNode().put("id", responseId).put("object", "response")
                .put("created_at", MockChat.now()).put("status", "in_progress").put("model", model);
        response.put("background", request.path("background").asBoolean(false));
        response.putNull("error");
        response.putNull("incomplete_details");
        response.set("instructions", request.path("instructions").isMissingNode() ? null : request.get("instructions"));
        response.putObject("metadata").put("mock_turn", Integer.toString(turn));
        response.putArray("output");
        response.put("parallel_tool_calls", true);
        response.set("previous_response_id", request.get("previous_response_id"));
        response.put("store", request.path("store").asBoolean(true));
        response.put("temperature", 1.0).put("top_p", 1.0).put("tool_choice", "auto").put("truncation", "disabled");
        response.putArray("tools");
        response.putObject("text").putObject("format").put("type", "text");
        response.putNull("usage");
        return response;
    }

    private static ObjectNode complete(ObjectNode response, ObjectNode message, int inputTokens, String reply) {
        response.put("status", "completed");
        response.putArray("output").add(message);
        usage(response, inputTokens, MockText.words(reply));
        return response;
    }

    /** The Responses API's usage: input, cached input, output and reasoning tokens. */
    private static void usage(ObjectNode body, int inputTokens, int outputTokens) {
        ObjectNode usage = body.putObject("usage").put("input_tokens", inputTokens);
        usage.putObject("input_tokens_details").put("cached_tokens", 0);
        usage.put("output_tokens", outputTokens);
        usage.putObject("output_tokens_details").put("reasoning_tokens", 0);
        usage.put("total_tokens", inputTokens + outputTokens);
    }

    private static ObjectNode message(String id, String text) {
        ObjectNode message = JSON.createObjectNode().put("type", "message").put("id", id).put("status", "completed")
                .put("role", "assistant");
        message.putArray("content").add(textPart(text));
        return message;
    }

    private static ObjectNode textPart(String text) {
        ObjectNode part = JSON.createObjectNode().put("type", "output_text").put("text", text);
        part.putArray("annotations");
        return part;
    }
}
