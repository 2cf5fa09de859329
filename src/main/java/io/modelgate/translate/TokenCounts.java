package io.modelgate.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Token counts on a translated model whose upstream has a counter of its own (Anthropic's {@code count_tokens}): the
 * Responses API's {@code input_tokens} asked of it, and its answer in the Responses API's shape.
 */
public final class TokenCounts {

    /** What {@code count_tokens} takes of a Messages request; the rest (max_tokens, stream, sampling) it refuses. */
    private static final Set<String> COUNTED = Set.of("model", "messages", "system", "tools", "tool_choice", "thinking");

    private TokenCounts() {
    }

    /** A translated Messages request as a {@code count_tokens} request. */
    public static ObjectNode countRequest(ObjectNode messages) {
        ObjectNode count = Json.object();
        messages.properties().forEach(field -> {
            if (COUNTED.contains(field.getKey())) {
                count.set(field.getKey(), field.getValue());
            }
        });
        return count;
    }

    /** Anthropic's {@code {"input_tokens": n}} as the Responses API's; null when it is not that. */
    public static byte[] responsesInputTokens(byte[] answer) {
        JsonNode count = Json.parse(answer, 0, answer.length);
        if (count == null || !count.path("input_tokens").canConvertToLong()) {
            return null;
        }
        return Json.object().put("object", "response.input_tokens").put("input_tokens", count.get("input_tokens").asLong())
                .toString().getBytes(StandardCharsets.UTF_8);
    }
}
