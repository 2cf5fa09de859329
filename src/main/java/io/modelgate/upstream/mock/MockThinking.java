package io.modelgate.upstream.mock;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The mock's extended thinking, as Anthropic's API behaves: with {@code thinking} enabled a message begins with a
 * thinking block whose signature vouches for its text; a thinking block sent back must carry the signature its text
 * was given; and a tool loop whose last assistant turn lost its thinking is refused while thinking is on. So a
 * translation that drops or alters thinking fails against the mock as it would against Claude.
 */
final class MockThinking {

    private MockThinking() {
    }

    /** Whether the request turns thinking on. */
    static boolean enabled(JsonNode request) {
        return "enabled".equals(request.path("thinking").path("type").asText());
    }

    /** The thinking a reply begins with. */
    static String thought(String lastUserText) {
        String subject = lastUserText.length() > 40 ? lastUserText.substring(0, 40) : lastUserText;
        return "The mock considers: " + subject;
    }

    /** What vouches for {@code thinking}: only the mock makes it, and only for that text. */
    static String signature(String thinking) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(("mock-thinking:" + thinking).getBytes(StandardCharsets.UTF_8));
            return "mocksig" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always there", e);
        }
    }

    /** Anthropic's refusal of what the request sends back, or null when it may be answered. */
    static MockAnswer refusal(JsonNode request) {
        JsonNode messages = request.path("messages");
        for (int i = 0; i < messages.size(); i++) {
            for (JsonNode block : messages.get(i).path("content")) {
                if ("thinking".equals(block.path("type").asText())
                        && !signature(block.path("thinking").asText()).equals(block.path("signature").asText())) {
                    return MockAnswer.anthropicError(400, "messages." + i + ".content: Invalid `signature` in `thinking` block",
                            "invalid_request_error");
                }
            }
        }
        if (!enabled(request)) {
            return null;
        }
        for (int i = messages.size() - 1; i >= 0; i--) {
            JsonNode message = messages.get(i);
            if ("assistant".equals(message.path("role").asText())) {
                boolean callsTools = false;
                for (JsonNode block : message.path("content")) {
                    callsTools |= "tool_use".equals(block.path("type").asText());
                }
                String first = message.path("content").path(0).path("type").asText();
                if (callsTools && !first.equals("thinking") && !first.equals("redacted_thinking")) {
                    return MockAnswer.anthropicError(400, "messages." + i + ".content.0.type: Expected `thinking` or `redacted_thinking`,"
                            + " but found `" + first + "`. When `thinking` is enabled, a final `assistant` message must start with a"
                            + " thinking block (preceeding the lastmost set of `tool_use` and `tool_result` blocks).",
                            "invalid_request_error");
                }
                return null;
            }
        }
        return null;
    }
}
