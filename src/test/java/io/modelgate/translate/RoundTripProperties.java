package io.modelgate.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A request translated there and back keeps everything both APIs can express: Messages → chat completions → Messages
 * gives back the same request, for generated conversations with a system prompt, text, parallel tool calls and their
 * results, tools, every tool choice, stop sequences, sampling and the end user.
 */
class RoundTripProperties {

    @Property(tries = 400)
    void messagesThroughChatAndBack(@ForAll("messagesRequests") ObjectNode messages) {
        Translated toChat = MessagesToChat.request(messages, ChatDialect.COMPATIBLE);
        Translated back = ChatToMessagesRequest.request(toChat.body());
        assertEquals(List.of(), toChat.omitted(), "nothing left out on the way there");
        assertEquals(List.of(), back.omitted(), "nothing left out on the way back");
        assertEquals(reread(messages), reread(back.body()), "chat: " + toChat.body());
    }

    private static JsonNode reread(JsonNode json) {
        return Json.parse(json.toString());
    }

    private static Arbitrary<String> texts() {
        return Arbitraries.strings().withChars("abc xyz\n\"\\é€😀{}").ofMinLength(1).ofMaxLength(24);
    }

    private static Arbitrary<String> names() {
        return Arbitraries.strings().withChars("abcdefgh_").ofMinLength(1).ofMaxLength(10);
    }

    /** A tool's input: a flat object of strings and numbers. */
    private static Arbitrary<ObjectNode> inputs() {
        return Combinators.combine(names().list().ofMaxSize(3), texts(), Arbitraries.integers().between(-5, 500)).as((keys, text, number) -> {
            ObjectNode input = Json.object();
            for (int i = 0; i < keys.size(); i++) {
                if (i % 2 == 0) {
                    input.put(keys.get(i), text);
                } else {
                    input.put(keys.get(i), number);
                }
            }
            return input;
        });
    }

    @Provide
    Arbitrary<ObjectNode> messagesRequests() {
        Arbitrary<List<String>> toolNames = names().list().uniqueElements().ofMaxSize(3);
        Arbitrary<Integer> turns = Arbitraries.integers().between(1, 4);
        return Combinators.combine(toolNames, turns, texts().list().ofMinSize(1).ofMaxSize(20), inputs().list().ofMinSize(8).ofMaxSize(8),
                Arbitraries.integers().between(0, 4), Arbitraries.integers().between(1, 64000), Arbitraries.longs())
                .as((tools, exchanges, words, sampleInputs, choice, maxTokens, seed) -> {
                    java.util.Random random = new java.util.Random(seed);
                    ObjectNode request = Json.object().put("model", "m-" + (seed & 7)).put("max_tokens", maxTokens);
                    if (random.nextBoolean()) {
                        request.put("system", words.get(0));
                    }
                    ArrayNode turnsOut = request.putArray("messages");
                    List<String> pendingCalls = new ArrayList<>();
                    int word = 0;
                    int callCount = 0;
                    for (int e = 0; e < exchanges; e++) {
                        ArrayNode user = turnsOut.addObject().put("role", "user").putArray("content");
                        for (String call : pendingCalls) {
                            user.addObject().put("type", "tool_result").put("tool_use_id", call).put("content", words.get(word++ % words.size()));
                        }
                        pendingCalls.clear();
                        for (int t = 0, n = 1 + random.nextInt(2); t < n; t++) {
                            user.addObject().put("type", "text").put("text", words.get(word++ % words.size()));
                        }
                        if (e == exchanges - 1) {
                            break;
                        }
                        ArrayNode assistant = turnsOut.addObject().put("role", "assistant").putArray("content");
                        int calls = tools.isEmpty() ? 0 : random.nextInt(3);
                        if (calls == 0 || random.nextBoolean()) {
                            assistant.addObject().put("type", "text").put("text", words.get(word++ % words.size()));
                        }
                        for (int c = 0; c < calls; c++) {
                            String id = "toolu_" + callCount++;
                            assistant.addObject().put("type", "tool_use").put("id", id).put("name", tools.get(random.nextInt(tools.size())))
                                    .set("input", sampleInputs.get(c % sampleInputs.size()));
                            pendingCalls.add(id);
                        }
                    }
                    if (!tools.isEmpty()) {
                        ArrayNode toolsOut = request.putArray("tools");
                        for (String name : tools) {
                            ObjectNode tool = toolsOut.addObject().put("name", name);
                            if (random.nextBoolean()) {
                                tool.put("description", words.get(word++ % words.size()));
                            }
                            tool.putObject("input_schema").put("type", "object").putObject("properties").putObject("x").put("type", "string");
                        }
                        if (choice > 0) {
                            ObjectNode toolChoice = request.putObject("tool_choice");
                            switch (choice) {
                                case 1 -> toolChoice.put("type", "auto");
                                case 2 -> toolChoice.put("type", "any");
                                case 3 -> toolChoice.put("type", "tool").put("name", tools.get(0));
                                default -> toolChoice.put("type", "none");
                            }
                            if (choice < 4 && random.nextBoolean()) {
                                toolChoice.put("disable_parallel_tool_use", true);
                            }
                        }
                    }
                    if (random.nextBoolean()) {
                        ArrayNode stops = request.putArray("stop_sequences");
                        stops.add(words.get(word++ % words.size()));
                    }
                    if (random.nextBoolean()) {
                        request.put("temperature", random.nextInt(11) / 10.0);
                    }
                    if (random.nextBoolean()) {
                        request.put("top_p", random.nextInt(11) / 10.0);
                    }
                    if (random.nextBoolean()) {
                        request.putObject("metadata").put("user_id", "user-" + (seed & 255));
                    }
                    if (random.nextBoolean()) {
                        request.put("stream", random.nextBoolean());
                    }
                    return request;
                });
    }
}
