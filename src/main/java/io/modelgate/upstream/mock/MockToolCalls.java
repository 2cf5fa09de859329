package io.modelgate.upstream.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static io.modelgate.upstream.mock.MockAnswer.JSON;

/**
 * When the mock calls tools, deterministically, in chat completions and in Messages alike: when the request offers tools
 * and the user's last words name one or more of them, it calls each named tool, in the order offered — several at once for parallel
 * tool calls — with the user's words as the value of the tool's first string parameter. After a tool's result it
 * answers in text, quoting the result. So tests and dev mode can drive a full tool round trip.
 */
final class MockToolCalls {

    /** How many characters of a call's arguments each streamed delta carries. */
    private static final int ARGUMENT_PIECE = 8;

    /** One call: its id, the function, and its arguments as the JSON text a model writes. */
    record ToolCall(String id, String name, String arguments) {
        /** The arguments in the pieces a model streams them in. */
        List<String> argumentPieces() {
            List<String> pieces = new ArrayList<>();
            for (int at = 0; at < arguments.length(); at += ARGUMENT_PIECE) {
                pieces.add(arguments.substring(at, Math.min(arguments.length(), at + ARGUMENT_PIECE)));
            }
            return pieces;
        }
    }

    private MockToolCalls() {
    }

    /** The calls a request asks for: chat's function tools or Messages' tools; none after a tool's result. */
    static List<ToolCall> of(JsonNode request, String idPrefix) {
        JsonNode messages = request.path("messages");
        if (!"user".equals(lastTurn(messages).path("role").asText()) || lastToolResult(messages) != null || !request.path("tools").isArray()) {
            return List.of();
        }
        String said = MockText.lastUserText(messages);
        List<ToolCall> calls = new ArrayList<>();
        for (JsonNode tool : request.path("tools")) {
            JsonNode function = tool.has("function") ? tool.path("function") : tool;
            String name = function.path("name").asText("");
            JsonNode schema = function.has("parameters") ? function.path("parameters") : function.path("input_schema");
            if (!name.isEmpty() && Pattern.compile("\\b" + Pattern.quote(name) + "\\b").matcher(said).find()) {
                calls.add(new ToolCall(idPrefix + calls.size(), name, arguments(schema, said)));
            }
        }
        return calls;
    }

    /**
     * The text of the last tool result, when the conversation's last message carries one (chat's {@code tool} message,
     * Messages' {@code tool_result} block); null otherwise.
     */
    static String lastToolResult(JsonNode messages) {
        JsonNode last = lastTurn(messages);
        if ("tool".equals(last.path("role").asText())) {
            return MockText.text(last.path("content"));
        }
        String result = null;
        for (JsonNode block : last.path("content")) {
            if ("tool_result".equals(block.path("type").asText())) {
                result = MockText.text(block.path("content"));
            }
        }
        return result;
    }

    /** The last message that is not a system message (Claude Code sends reminders as system messages after the user's). */
    private static JsonNode lastTurn(JsonNode messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            String role = messages.get(i).path("role").asText();
            if (!"system".equals(role) && !"developer".equals(role)) {
                return messages.get(i);
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    /** The mock's text reply: after a tool's result, one quoting it. */
    static String reply(String model, String reply, JsonNode messages) {
        String toolResult = lastToolResult(messages);
        return toolResult == null ? reply : "Mock reply from " + model + ": the tool answered: " + toolResult;
    }

    private static String arguments(JsonNode schema, String said) {
        ObjectNode arguments = JSON.createObjectNode();
        for (var properties = schema.path("properties").properties().iterator(); properties.hasNext(); ) {
            var property = properties.next();
            if ("string".equals(property.getValue().path("type").asText())) {
                arguments.put(property.getKey(), said);
                break;
            }
        }
        return arguments.toString();
    }
}
