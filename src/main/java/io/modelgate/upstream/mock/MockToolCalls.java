package io.modelgate.upstream.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static io.modelgate.upstream.mock.MockAnswer.JSON;

/**
 * When the mock's chat completions call tools, deterministically: when the request offers function tools and the user's
 * last words name one or more of them, it calls each named tool, in the order offered — several at once for parallel
 * tool calls — with the user's words as the value of the tool's first string parameter. After a tool's result it
 * answers in text, quoting the result. So tests and dev mode can drive a full tool round trip.
 */
final class MockToolCalls {

    /** One call: its id, the function, and its arguments as the JSON text a model writes. */
    record ToolCall(String id, String name, String arguments) {
    }

    private MockToolCalls() {
    }

    static List<ToolCall> of(JsonNode request, String idSeed) {
        JsonNode messages = request.path("messages");
        JsonNode last = messages.path(messages.size() - 1);
        if (!"user".equals(last.path("role").asText()) || !request.path("tools").isArray()) {
            return List.of();
        }
        String said = MockText.lastUserText(messages);
        List<ToolCall> calls = new ArrayList<>();
        for (JsonNode tool : request.path("tools")) {
            JsonNode function = tool.path("function");
            String name = function.path("name").asText("");
            if (!name.isEmpty() && Pattern.compile("\\b" + Pattern.quote(name) + "\\b").matcher(said).find()) {
                calls.add(new ToolCall("call_" + idSeed.substring(0, 8) + "_" + calls.size(), name, arguments(function.path("parameters"), said)));
            }
        }
        return calls;
    }

    /** The text of the last tool result, when the conversation's last message is one; null otherwise. */
    static String lastToolResult(JsonNode messages) {
        JsonNode last = messages.path(messages.size() - 1);
        return "tool".equals(last.path("role").asText()) ? MockText.text(last.path("content")) : null;
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
