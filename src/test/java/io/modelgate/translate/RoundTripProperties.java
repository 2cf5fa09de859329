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
 * A request translated there and back keeps everything both APIs can express: Messages → chat completions → Messages,
 * and chat completions → Messages → chat completions, give back the same request, for generated conversations with a
 * system prompt, text, parallel tool calls and their results, tools, every tool choice, stop sequences, sampling and
 * the end user.
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

    @Property(tries = 400)
    void chatThroughMessagesAndBack(@ForAll("chatRequests") ObjectNode chat) {
        Translated toMessages = ChatToMessagesRequest.request(chat);
        Translated back = MessagesToChat.request(toMessages.body(), ChatDialect.COMPATIBLE);
        assertEquals(List.of(), toMessages.omitted(), "nothing left out on the way there");
        assertEquals(List.of(), back.omitted(), "nothing left out on the way back");
        assertEquals(reread(chat), reread(back.body()), "messages: " + toMessages.body());
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

    @Provide
    Arbitrary<ObjectNode> chatRequests() {
        return Combinators.combine(names().list().uniqueElements().ofMaxSize(3), Arbitraries.integers().between(1, 4),
                texts().list().ofMinSize(1).ofMaxSize(20), inputs().list().ofMinSize(8).ofMaxSize(8), Arbitraries.integers().between(0, 4),
                Arbitraries.integers().between(1, 64000), Arbitraries.longs())
                .as((tools, exchanges, words, sampleInputs, choice, maxTokens, seed) -> {
                    java.util.Random random = new java.util.Random(seed);
                    ObjectNode request = Json.object().put("model", "m-" + (seed & 7));
                    ArrayNode messages = request.putArray("messages");
                    int word = 0;
                    if (random.nextBoolean()) {
                        messages.addObject().put("role", "system").put("content", words.get(word++ % words.size()));
                    }
                    List<String> pendingCalls = new ArrayList<>();
                    int callCount = 0;
                    for (int e = 0; e < exchanges; e++) {
                        for (String call : pendingCalls) {
                            messages.addObject().put("role", "tool").put("tool_call_id", call).put("content", words.get(word++ % words.size()));
                        }
                        pendingCalls.clear();
                        ObjectNode user = messages.addObject().put("role", "user");
                        if (random.nextBoolean()) {
                            user.put("content", words.get(word++ % words.size()));
                        } else {
                            ArrayNode parts = user.putArray("content");
                            parts.addObject().put("type", "text").put("text", words.get(word++ % words.size()));
                            parts.addObject().put("type", "image_url").putObject("image_url").put("url", "https://example.com/" + e + ".png");
                        }
                        if (e == exchanges - 1) {
                            break;
                        }
                        ObjectNode assistant = messages.addObject().put("role", "assistant");
                        int calls = tools.isEmpty() ? 0 : random.nextInt(3);
                        if (calls == 0 || random.nextBoolean()) {
                            assistant.put("content", words.get(word++ % words.size()));
                        } else {
                            assistant.putNull("content");
                        }
                        if (calls > 0) {
                            ArrayNode toolCalls = assistant.putArray("tool_calls");
                            for (int c = 0; c < calls; c++) {
                                String id = "call_" + callCount++;
                                toolCalls.addObject().put("id", id).put("type", "function").putObject("function")
                                        .put("name", tools.get(random.nextInt(tools.size()))).put("arguments", sampleInputs.get(c).toString());
                                pendingCalls.add(id);
                            }
                        }
                    }
                    request.put("max_tokens", maxTokens);
                    if (!tools.isEmpty()) {
                        ArrayNode toolsOut = request.putArray("tools");
                        for (String name : tools) {
                            ObjectNode function = toolsOut.addObject().put("type", "function").putObject("function").put("name", name);
                            if (random.nextBoolean()) {
                                function.put("description", words.get(word++ % words.size()));
                            }
                            function.putObject("parameters").put("type", "object").putObject("properties").putObject("x").put("type", "string");
                        }
                        switch (choice) {
                            case 1 -> request.put("tool_choice", "auto");
                            case 2 -> request.put("tool_choice", "required");
                            case 3 -> request.putObject("tool_choice").put("type", "function").putObject("function").put("name", tools.get(0));
                            case 4 -> request.put("tool_choice", "none");
                            default -> {
                            }
                        }
                        if (choice > 0 && choice < 4 && random.nextBoolean()) {
                            request.put("parallel_tool_calls", false);
                        }
                    }
                    if (random.nextBoolean()) {
                        request.putArray("stop").add(words.get(word++ % words.size()));
                    }
                    if (random.nextBoolean()) {
                        request.put("temperature", random.nextInt(11) / 10.0);
                    }
                    if (random.nextBoolean()) {
                        request.put("top_p", random.nextInt(11) / 10.0);
                    }
                    if (random.nextBoolean()) {
                        request.put("user", "user-" + (seed & 255));
                    }
                    if (random.nextBoolean()) {
                        request.put("stream", true).putObject("stream_options").put("include_usage", true);
                    }
                    return request;
                });
    }
}
