package io.modelgate.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * {@link ChatChunk}, which reads chunks with the gateway's own scanner, against the same chunk read as a Jackson tree:
 * generated chunks and completions (members in any order, unknown members, texts with escapes and any characters)
 * read the same, and a text copied into an event as the chunk wrote it reads back as the text.
 */
class ChatChunkProperties {

    private static final String[] PIECES = {"plain", " ", "\"", "\\", "\n", "\t", "\u0001", "/", "é", "中文", "😀", "</s>", "{\"a\":1}", ""};

    @Property(tries = 2000)
    void aChunkReadsAsItsTreeSays(@ForAll long seed) {
        Random random = new Random(seed);
        ObjectNode tree = chunk(random);
        String json = random.nextBoolean() ? tree.toString() : tree.toPrettyString();
        ChatChunk chunk = ChatChunk.read(json);
        JsonNode choice = tree.path("choices").path(0);
        JsonNode delta = choice.has("delta") ? choice.get("delta") : choice.path("message");
        assertEquals(text(tree.get("id")), chunk.id(), json);
        assertEquals(text(tree.get("model")), chunk.model());
        assertEquals(tree.path("created").isIntegralNumber() ? tree.get("created").asLong() : -1, chunk.created());
        assertEquals(text(delta.get("content")), chunk.content());
        String vllm = text(delta.get("reasoning_content"));
        String ollama = text(delta.get("reasoning"));
        assertEquals(vllm != null && !vllm.isEmpty() ? vllm : ollama != null && !ollama.isEmpty() ? ollama : null, chunk.reasoning());
        assertEquals(text(choice.get("finish_reason")), chunk.finishReason());
        String stop = text(choice.get("stop_reason"));
        assertEquals(stop == null || stop.isEmpty() ? null : stop, chunk.matchedStop());
        JsonNode usage = tree.path("usage");
        assertEquals(usage.isObject() ? new ChatUsage(count(usage.get("prompt_tokens")), count(usage.path("prompt_tokens_details").get("cached_tokens")),
                count(usage.get("completion_tokens")), count(usage.path("completion_tokens_details").get("reasoning_tokens"))) : null, chunk.usage());
        List<String> calls = new ArrayList<>();
        delta.path("tool_calls").forEach(call -> calls.add(call.path("index").asInt(-1) + " " + text(call.get("id")) + " "
                + text(call.path("function").get("name")) + " " + text(call.path("function").get("arguments"))));
        assertEquals(calls, chunk.toolCalls().stream().map(call -> call.index() + " " + call.id() + " " + call.name() + " " + call.arguments()).toList());
        if (chunk.contentJson() != null) {
            ByteBuf out = Unpooled.buffer();
            new SseWriter().begin(out, "e").field("text", chunk.contentJson()).end();
            String data = out.toString(StandardCharsets.UTF_8).split("\n")[1].substring("data: ".length());
            assertEquals(chunk.content(), Json.parse(data).get("text").asText(), "copied as written, read back as the text");
        }
    }

    @Example
    void whatIsNotAnObjectIsNoChunk() {
        for (String data : List.of("[DONE]", "", "[]", "{\"choices\":[}", "{\"id\":\"a\"", "\"text\"", "{\"a\":1} x")) {
            assertNull(ChatChunk.read(data), data);
        }
    }

    @Example
    void keysWrittenWithEscapesAreTheNamesTheySpell() {
        ChatChunk chunk = ChatChunk.read("{\"\\u0069d\":\"c1\",\"choices\":[{\"d\\u0065lta\":{\"content\":\"hi\",\"cont\\u00e9nt\":\"no\"},"
                + "\"finish_reason\":null}],\"usage\":{\"prompt\\u005ftokens\":7}}");
        assertEquals("c1", chunk.id());
        assertEquals("hi", chunk.content(), "a key of other letters is not the name");
        assertEquals(7, chunk.usage().prompt());
    }

    @Example
    void laterChunksSkipTheHead() {
        byte[] json = "{\"id\":\"chatcmpl-1\",\"model\":\"m\",\"created\":5,\"choices\":[{\"delta\":{\"content\":\"hi\"}}]}"
                .getBytes(StandardCharsets.UTF_8);
        ChatChunk later = ChatChunk.read(json, 0, json.length, false);
        assertEquals("hi", later.content());
        assertNull(later.id());
        assertEquals(-1, later.created());
    }

    /** A usage object as upstreams send it, with now and then a detail missing, null or no integer. */
    private static ObjectNode usage(Random random) {
        ObjectNode usage = Json.object().put("prompt_tokens", random.nextInt(100)).put("completion_tokens", random.nextInt(100));
        if (random.nextBoolean()) {
            usage.putObject("prompt_tokens_details").set("cached_tokens", count(random));
        }
        if (random.nextBoolean()) {
            usage.putObject("completion_tokens_details").set("reasoning_tokens", count(random));
        }
        if (random.nextInt(4) == 0) {
            usage.set("prompt_tokens", count(random));
        }
        return usage;
    }

    private static JsonNode count(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> Json.NODES.nullNode();
            case 1 -> Json.NODES.numberNode(2.5);
            case 2 -> Json.NODES.numberNode(-random.nextInt(1, 50)); // no count: reads as 0, as an absent one does
            default -> Json.NODES.numberNode(random.nextInt(50));
        };
    }

    private static ObjectNode chunk(Random random) {
        List<Map.Entry<String, JsonNode>> members = new ArrayList<>();
        maybe(random, members, "id", Json.NODES.textNode("chatcmpl-" + text(random)));
        maybe(random, members, "object", Json.NODES.textNode("chat.completion.chunk"));
        maybe(random, members, "created", random.nextBoolean() ? Json.NODES.numberNode(1_700_000_000L + random.nextInt(1000))
                : random.nextBoolean() ? Json.NODES.numberNode(1.5) : Json.NODES.textNode("1700000000"));
        maybe(random, members, "model", Json.NODES.textNode(text(random)));
        maybe(random, members, "system_fingerprint", Json.NODES.nullNode());
        maybe(random, members, "usage", random.nextBoolean() ? Json.NODES.nullNode() : usage(random));
        ArrayNode choices = Json.array();
        for (int i = random.nextInt(3); i > 0; i--) {
            choices.add(choice(random));
        }
        maybe(random, members, "choices", choices);
        Collections.shuffle(members, random);
        ObjectNode chunk = Json.object();
        members.forEach(member -> chunk.set(member.getKey(), member.getValue()));
        return chunk;
    }

    private static ObjectNode choice(Random random) {
        ObjectNode delta = Json.object();
        List<Map.Entry<String, JsonNode>> members = new ArrayList<>();
        maybe(random, members, "role", Json.NODES.textNode("assistant"));
        maybe(random, members, "content", random.nextInt(5) == 0 ? Json.NODES.nullNode() : Json.NODES.textNode(text(random)));
        maybe(random, members, "reasoning_content", Json.NODES.textNode(text(random)));
        maybe(random, members, "reasoning", Json.NODES.textNode(text(random)));
        maybe(random, members, "refusal", Json.NODES.nullNode());
        if (random.nextInt(3) == 0) {
            ArrayNode calls = Json.array();
            for (int i = 1 + random.nextInt(2); i > 0; i--) {
                ObjectNode call = calls.addObject();
                if (random.nextBoolean()) {
                    call.put("index", random.nextInt(4));
                }
                if (random.nextBoolean()) {
                    call.put("id", "call_" + random.nextInt(100)).put("type", "function");
                }
                ObjectNode function = call.putObject("function");
                if (random.nextBoolean()) {
                    function.put("name", "get_" + random.nextInt(10));
                }
                function.put("arguments", text(random));
            }
            members.add(Map.entry("tool_calls", calls));
        }
        Collections.shuffle(members, random);
        members.forEach(member -> delta.set(member.getKey(), member.getValue()));
        ObjectNode choice = Json.object().put("index", 0);
        choice.set(random.nextBoolean() ? "delta" : "message", delta);
        choice.set("logprobs", Json.NODES.nullNode());
        choice.set("finish_reason", random.nextBoolean() ? Json.NODES.nullNode() : Json.NODES.textNode(random.nextBoolean() ? "stop" : "tool_calls"));
        if (random.nextInt(4) == 0) {
            choice.set("stop_reason", random.nextBoolean() ? Json.NODES.numberNode(128009) : Json.NODES.textNode(text(random)));
        }
        return choice;
    }

    private static void maybe(Random random, List<Map.Entry<String, JsonNode>> members, String name, JsonNode value) {
        if (random.nextInt(5) > 0) {
            members.add(Map.entry(name, value));
        }
    }

    private static String text(Random random) {
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(5); i > 0; i--) {
            text.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return text.toString();
    }

    private static String text(JsonNode node) {
        return node != null && node.isTextual() ? node.textValue() : null;
    }

    /** A token count as the chunk reads it: an integer that fits a long, else 0. */
    private static long count(JsonNode value) {
        return value != null && value.isIntegralNumber() && value.canConvertToLong() ? Math.max(value.asLong(), 0) : 0;
    }
}
