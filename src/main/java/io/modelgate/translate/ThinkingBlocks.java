package io.modelgate.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Anthropic's thinking blocks on their way through APIs that have no such block. Claude's thinking carries a
 * signature (a redacted block, its data) that must come back unchanged with the turn it belongs to — Anthropic refuses
 * a tool result whose turn lost its thinking while thinking is on. In chat completions they travel as the assistant
 * message's {@code thinking_blocks}, as LiteLLM has them; in the Responses API as a reasoning item's
 * {@code encrypted_content}, which clients hand back as they got it (Codex asks for it with
 * {@code include: ["reasoning.encrypted_content"]}).
 */
final class ThinkingBlocks {

    /** The chat message's field, LiteLLM's name. */
    static final String FIELD = "thinking_blocks";
    /** What marks {@code encrypted_content} the gateway wrote (an upstream's own is opaque and never ours). */
    private static final String ENCRYPTED_PREFIX = "modelgate.thinking.v1.";

    private ThinkingBlocks() {
    }

    /** A thinking or redacted thinking block as it is carried: its type, its text and signature, or its data. */
    static ObjectNode of(JsonNode block) {
        ObjectNode carried = Json.object().put("type", Json.text(block.get("type"), "thinking"));
        for (String field : new String[] {"thinking", "signature", "data"}) {
            if (block.hasNonNull(field)) {
                carried.set(field, block.get(field));
            }
        }
        return carried;
    }

    /** Blocks as a reasoning item's {@code encrypted_content}. */
    static String encrypted(ArrayNode blocks) {
        return ENCRYPTED_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(blocks.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The blocks an {@code encrypted_content} carries; null when the gateway did not write it. */
    static ArrayNode decrypted(String encrypted) {
        if (encrypted == null || !encrypted.startsWith(ENCRYPTED_PREFIX)) {
            return null;
        }
        try {
            JsonNode blocks = Json.parse(new String(Base64.getUrlDecoder().decode(encrypted.substring(ENCRYPTED_PREFIX.length())),
                    StandardCharsets.UTF_8));
            return blocks instanceof ArrayNode array ? array : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
