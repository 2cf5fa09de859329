package io.modelgate.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The items of a conversation the gateway keeps, as the Responses API has them: a request's {@code input} as items
 * (a string is one user message), each with an id; a conversation so far (each turn's input, then its response's
 * output), which a request continuing it ({@code previous_response_id}) is given in front of its own input; and pages
 * of it for {@code GET /v1/responses/{id}/input_items}. Pure: JSON in, JSON out.
 */
public final class ConversationItems {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ConversationItems() {
    }

    /**
     * The request's input as items, in the Responses API's full form: typed, content as parts, and each with an id
     * (made from the response's, where the caller gave none), so that a listing can page through them.
     */
    public static ArrayNode input(JsonNode request, String responseId) {
        ArrayNode items = NODES.arrayNode();
        JsonNode input = request.get("input");
        if (input != null && input.isTextual()) {
            items.add(message("user", NODES.textNode(input.asText())));
        } else if (input != null && input.isArray()) {
            for (JsonNode item : input) {
                items.add(item.isObject() && !item.has("type") && item.has("role")
                        ? message(item.get("role").asText(), item.get("content")) : item.deepCopy());
            }
        }
        String base = responseId.startsWith("resp_") ? responseId.substring(5) : responseId;
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) instanceof ObjectNode item && !item.hasNonNull("id")) {
                ObjectNode identified = NODES.objectNode().put("type", item.path("type").asText("message"))
                        .put("id", prefix(item.path("type").asText()) + "_" + base + "_" + i);
                identified.setAll(item);
                items.set(i, identified);
            }
        }
        return items;
    }

    private static ObjectNode message(String role, JsonNode content) {
        ObjectNode message = NODES.objectNode().put("type", "message").put("role", role);
        if (content != null && content.isTextual()) {
            message.putArray("content").addObject().put("type", "assistant".equals(role) ? "output_text" : "input_text")
                    .put("text", content.asText());
        } else {
            message.set("content", content == null ? NODES.arrayNode() : content.deepCopy());
        }
        return message;
    }

    private static String prefix(String type) {
        return switch (type) {
            case "message" -> "msg";
            case "function_call" -> "fc";
            case "function_call_output" -> "fco";
            case "reasoning" -> "rs";
            default -> "item";
        };
    }

    /** Appends a turn to a conversation: the items its caller sent, then the output of the response they got. */
    public static void append(ArrayNode conversation, JsonNode input, JsonNode response) {
        input.forEach(conversation::add);
        response.path("output").forEach(conversation::add);
    }

    /**
     * The request as it reaches a translation when it continues a conversation: the conversation so far in front of its
     * own input (an {@code item_reference} to one of its items replaced by the item), and no {@code previous_response_id}
     * (the upstream knows none). Nothing else of an earlier turn is
     * carried over — its instructions and tools are the new request's to give, as OpenAI's Responses API has it.
     */
    public static ObjectNode continued(JsonNode request, ArrayNode conversation, String responseId) {
        ObjectNode continued = ((ObjectNode) request).deepCopy();
        ArrayNode input = conversation.deepCopy();
        for (JsonNode item : input(request, responseId)) {
            input.add(referenced(item, conversation));
        }
        continued.set("input", input);
        continued.remove("previous_response_id");
        return continued;
    }

    /** An {@code item_reference} to an item of the conversation is that item; any other item is itself. */
    private static JsonNode referenced(JsonNode item, ArrayNode conversation) {
        if (!"item_reference".equals(item.path("type").asText())) {
            return item;
        }
        String id = item.path("id").asText("");
        for (JsonNode earlier : conversation) {
            if (id.equals(earlier.path("id").asText(null))) {
                return earlier.deepCopy();
            }
        }
        return item; // not in the conversation: the translation refuses it, naming it
    }

    /**
     * One page of a conversation's items ({@code object: list}): {@code limit} of them after the item {@code after}
     * (from the start when null), newest first unless {@code ascending}; null when no item has the id {@code after}.
     */
    public static ObjectNode page(ArrayNode items, String after, int limit, boolean ascending) {
        List<JsonNode> ordered = new ArrayList<>();
        items.forEach(ordered::add);
        if (!ascending) {
            Collections.reverse(ordered);
        }
        int from = 0;
        if (after != null) {
            from = -1;
            for (int i = 0; i < ordered.size() && from < 0; i++) {
                if (after.equals(ordered.get(i).path("id").asText(null))) {
                    from = i + 1;
                }
            }
            if (from < 0) {
                return null;
            }
        }
        int to = Math.min(ordered.size(), from + limit);
        ObjectNode page = NODES.objectNode().put("object", "list");
        ArrayNode data = page.putArray("data");
        ordered.subList(from, to).forEach(data::add);
        page.put("first_id", data.isEmpty() ? null : data.get(0).path("id").asText(null));
        page.put("last_id", data.isEmpty() ? null : data.get(data.size() - 1).path("id").asText(null));
        return page.put("has_more", to < ordered.size());
    }
}
