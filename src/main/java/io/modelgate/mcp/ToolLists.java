package io.modelgate.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelgate.translate.SseEvents;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;

/**
 * A {@code tools/list} answer with only the tools a caller may use, in JSON or as server-sent events (the list is the
 * event that answers the request; notifications before it pass unchanged). A list is complete when it arrives, so it
 * is rewritten whole. Pure.
 */
final class ToolLists {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ToolLists() {
    }

    /** The answer {@code body} ({@code events}: server-sent events) with the tools {@code visible} rejects taken out. */
    static byte[] filter(byte[] body, boolean events, Predicate<String> visible) {
        if (!events) {
            return filterMessage(body, visible);
        }
        StringBuilder out = new StringBuilder(body.length);
        new SseEvents().feed(body, (SseEvents.Handler) (name, data) -> {
            if (name != null) {
                out.append("event: ").append(name).append('\n');
            }
            String kept = new String(filterMessage(data.getBytes(StandardCharsets.UTF_8), visible), StandardCharsets.UTF_8);
            for (String line : kept.split("\n", -1)) {
                out.append("data: ").append(line).append('\n');
            }
            out.append('\n');
        });
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** One JSON-RPC message: a result with {@code tools} loses the ones not visible; anything else is kept as it is. */
    private static byte[] filterMessage(byte[] message, Predicate<String> visible) {
        JsonNode tree;
        try {
            tree = JSON.readTree(message);
        } catch (IOException e) {
            return message;
        }
        if (tree == null || !(tree.path("result").path("tools") instanceof ArrayNode tools)) {
            return message;
        }
        ArrayNode kept = JSON.createArrayNode();
        for (JsonNode tool : tools) {
            if (tool.path("name").isTextual() && visible.test(tool.get("name").asText())) {
                kept.add(tool);
            }
        }
        ((ObjectNode) tree.get("result")).set("tools", kept);
        return tree.toString().getBytes(StandardCharsets.UTF_8);
    }
}
