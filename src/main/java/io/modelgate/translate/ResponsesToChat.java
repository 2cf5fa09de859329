package io.modelgate.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Responses API request written as a chat completions request, for an upstream that speaks only chat completions
 * (Codex on vLLM, say). The conversation is the request's {@code input}: a call that continues a stored response
 * ({@code previous_response_id}) reaches this translation with the conversation the gateway keeps in front of its own
 * input ({@code io.modelgate.responses.ConversationItems}), and its id no longer set.
 *
 * <ul>
 *   <li>{@code instructions} becomes the first, {@code system}, message; {@code system} and {@code developer} messages
 *       stay where they are, as {@code system} messages;</li>
 *   <li>{@code input_text}/{@code output_text} parts become text, {@code input_image} an image part (by URL or
 *       {@code data:} URL); an uploaded {@code file_id} or an {@code input_file} is refused;</li>
 *   <li>{@code function_call} items become the assistant's {@code tool_calls} (consecutive ones, and the assistant
 *       message before them, one assistant message); {@code function_call_output} items become {@code tool}
 *       messages;</li>
 *   <li>{@code reasoning} items are not sent (chat completions has no field for them, and their encrypted content is
 *       the upstream's own) — but toward Anthropic's Messages API, the thinking blocks the gateway wrote into their
 *       {@code encrypted_content} go with their turn ({@link ThinkingBlocks}); nor are {@code include}, {@code prompt_cache_key}, {@code client_metadata},
 *       {@code truncation}, {@code reasoning.summary}: hints chat servers have no use for;</li>
 *   <li>function tools become chat function tools; hosted tools ({@code web_search}, file search, code interpreter,
 *       MCP, …) and {@code namespace} groups are left out and named; {@code tool_choice} naming one is refused;</li>
 *   <li>{@code max_output_tokens}, {@code temperature}, {@code top_p}, {@code parallel_tool_calls}, {@code user},
 *       {@code text.format} ({@code json_schema}/{@code json_object}) map to their chat fields as the
 *       {@link ChatDialect} has them; {@code reasoning.effort} and {@code text.verbosity} go to OpenAI's chat and are left
 *       out and named for other servers;</li>
 *   <li>a stream always asks for the usage chunk, which {@code response.completed} needs.</li>
 * </ul>
 */
public final class ResponsesToChat {

    /** Fields chat servers have no use for, left out by rule (not named on every call). */
    private static final Set<String> RULE_DROPPED = Set.of("include", "prompt_cache_key", "client_metadata", "truncation", "store",
            "metadata", "service_tier", "background", "safety_identifier", "prompt_cache_retention");

    private ResponsesToChat() {
    }

    public static Translated request(JsonNode responses, ChatDialect dialect) {
        return request(responses, dialect, false);
    }

    /**
     * The same; with {@code carryThinking}, the Anthropic thinking blocks a reasoning item's {@code encrypted_content}
     * carries go with their turn as {@code thinking_blocks} (for the Messages API beyond: a chat server would refuse
     * the field).
     */
    static Translated request(JsonNode responses, ChatDialect dialect, boolean carryThinking) {
        if (responses.hasNonNull("previous_response_id")) {
            throw new Untranslatable("previous_response_id: the conversation must be given whole; chat completions keeps none.",
                    "previous_response_id");
        }
        List<String> omitted = new ArrayList<>();
        ObjectNode chat = Json.object();
        chat.put("model", Json.text(responses.get("model"), ""));
        ArrayNode messages = chat.putArray("messages");
        String instructions = Json.text(responses.get("instructions"), null);
        if (instructions != null && !instructions.isEmpty()) {
            messages.addObject().put("role", "system").put("content", instructions);
        }
        input(responses.get("input"), messages, carryThinking);
        List<String> offered = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : responses.properties()) {
            String name = field.getKey();
            JsonNode value = field.getValue();
            switch (name) {
                case "model", "input", "instructions", "tool_choice", "previous_response_id", "conversation" -> {
                }
                case "max_output_tokens" -> chat.set(dialect == ChatDialect.OPENAI ? "max_completion_tokens" : "max_tokens", value);
                case "temperature", "top_p", "parallel_tool_calls", "user", "top_logprobs" -> chat.set(name, value);
                case "stream" -> {
                    chat.set("stream", value);
                    if (value.asBoolean(false)) {
                        chat.putObject("stream_options").put("include_usage", true);
                    }
                }
                case "tools" -> ChatTools.functions(value, "function", "parameters", chat, offered, omitted);
                case "reasoning" -> {
                    String effort = Json.text(value.get("effort"), null);
                    if (effort != null && dialect == ChatDialect.OPENAI) {
                        chat.put("reasoning_effort", effort);
                    } else if (effort != null) {
                        omitted.add("reasoning.effort");
                    }
                }
                case "text" -> text(value, dialect, chat, omitted);
                default -> {
                    if (!RULE_DROPPED.contains(name)) {
                        omitted.add(name);
                    }
                }
            }
        }
        toolChoice(responses.get("tool_choice"), offered, chat);
        return new Translated(chat, omitted);
    }

    private static void input(JsonNode input, ArrayNode messages, boolean carryThinking) {
        if (input == null || input.isNull()) {
            return;
        }
        if (input.isTextual()) {
            messages.addObject().put("role", "user").put("content", input.asText());
            return;
        }
        if (!input.isArray()) {
            throw new Untranslatable("input: a string or an array of items is required.", "input");
        }
        for (int i = 0; i < input.size(); i++) {
            item(input.get(i), "input[" + i + "]", messages, carryThinking);
        }
    }

    private static void item(JsonNode item, String where, ArrayNode messages, boolean carryThinking) {
        String type = Json.text(item.get("type"), item.has("role") ? "message" : "");
        switch (type) {
            case "message" -> message(item, where, messages);
            case "function_call" -> {
                ObjectNode assistant = openAssistant(messages);
                ArrayNode calls = assistant.has("tool_calls") ? (ArrayNode) assistant.get("tool_calls") : assistant.putArray("tool_calls");
                calls.addObject().put("id", Json.text(item.get("call_id"), "")).put("type", "function").putObject("function")
                        .put("name", Json.text(item.get("name"), "")).put("arguments", Json.text(item.get("arguments"), "{}"));
            }
            case "function_call_output" -> {
                JsonNode output = item.get("output");
                messages.addObject().put("role", "tool").put("tool_call_id", Json.text(item.get("call_id"), ""))
                        .put("content", output == null || output.isTextual() ? Json.text(output, "") : texts(output, where + ".output"));
            }
            case "reasoning" -> {
                ArrayNode thinking = carryThinking ? ThinkingBlocks.decrypted(Json.text(item.get("encrypted_content"), null)) : null;
                if (thinking != null) { // the turn it begins is the assistant's next message
                    ObjectNode assistant = openAssistant(messages);
                    (assistant.has(ThinkingBlocks.FIELD) ? (ArrayNode) assistant.get(ThinkingBlocks.FIELD)
                            : assistant.putArray(ThinkingBlocks.FIELD)).addAll(thinking);
                }
                // otherwise: chat completions has no field for earlier reasoning
            }
            case "item_reference" -> throw new Untranslatable(where + ": no item of the conversation continued has the id '"
                    + Json.text(item.get("id"), "") + "'.", where);
            default -> throw new Untranslatable(where + ": '" + type + "' items cannot be sent to this model's upstream, which speaks"
                    + " chat completions.", where);
        }
    }

    private static void message(JsonNode item, String where, ArrayNode messages) {
        String role = Json.text(item.get("role"), "user");
        JsonNode content = item.get("content");
        switch (role) {
            case "system", "developer" -> messages.addObject().put("role", "system")
                    .put("content", content == null || content.isTextual() ? Json.text(content, "") : texts(content, where + ".content"));
            case "assistant" -> {
                String text = content == null || content.isTextual() ? Json.text(content, "") : texts(content, where + ".content");
                ObjectNode assistant = thinkingOnly(messages) ? (ObjectNode) messages.get(messages.size() - 1)
                        : messages.addObject().put("role", "assistant");
                assistant.put("content", text);
            }
            case "user" -> {
                if (content == null || content.isTextual()) {
                    messages.addObject().put("role", "user").put("content", Json.text(content, ""));
                    return;
                }
                ArrayNode parts = Json.NODES.arrayNode();
                for (int i = 0; i < content.size(); i++) {
                    parts.add(part(content.get(i), where + ".content[" + i + "]"));
                }
                ObjectNode user = messages.addObject().put("role", "user");
                if (parts.size() == 1 && "text".equals(parts.get(0).path("type").asText())) {
                    user.set("content", parts.get(0).get("text"));
                } else {
                    user.set("content", parts);
                }
            }
            default -> throw new Untranslatable(where + ".role: '" + role + "' messages cannot be sent to this model's upstream.",
                    where + ".role");
        }
    }

    /** Whether the last message is an assistant's holding only the thinking its turn begins with. */
    private static boolean thinkingOnly(ArrayNode messages) {
        JsonNode last = messages.isEmpty() ? null : messages.get(messages.size() - 1);
        return last != null && "assistant".equals(last.path("role").asText()) && last.has(ThinkingBlocks.FIELD)
                && last.path("content").isNull() && !last.has("tool_calls");
    }

    /** The assistant message that function calls join: the last message when it is the assistant's, else a new one. */
    private static ObjectNode openAssistant(ArrayNode messages) {
        JsonNode last = messages.isEmpty() ? null : messages.get(messages.size() - 1);
        if (last != null && "assistant".equals(last.path("role").asText())) {
            ObjectNode assistant = (ObjectNode) last;
            if (assistant.path("content").asText("").isEmpty()) {
                assistant.putNull("content");
            }
            return assistant;
        }
        ObjectNode assistant = messages.addObject().put("role", "assistant");
        assistant.putNull("content");
        return assistant;
    }

    private static ObjectNode part(JsonNode part, String where) {
        String type = Json.text(part.get("type"), "");
        switch (type) {
            case "input_text", "output_text", "text" -> {
                return Json.object().put("type", "text").put("text", Json.text(part.get("text"), ""));
            }
            case "input_image" -> {
                String url = Json.text(part.get("image_url"), null);
                if (url == null) {
                    throw new Untranslatable(where + ": an image must be given by image_url for this model's upstream; uploaded file ids"
                            + " are OpenAI's own.", where);
                }
                ObjectNode image = Json.object().put("type", "image_url");
                ObjectNode imageUrl = image.putObject("image_url").put("url", url);
                if (part.hasNonNull("detail")) {
                    imageUrl.set("detail", part.get("detail"));
                }
                return image;
            }
            default -> throw new Untranslatable(where + ": '" + type + "' parts cannot be sent to this model's upstream, which speaks"
                    + " chat completions.", where);
        }
    }

    private static String texts(JsonNode parts, String where) {
        List<String> texts = new ArrayList<>();
        for (JsonNode part : parts) {
            String type = Json.text(part.get("type"), "");
            if (!type.equals("input_text") && !type.equals("output_text") && !type.equals("text")) {
                throw new Untranslatable(where + ": only text can be sent here to this model's upstream.", where);
            }
            texts.add(Json.text(part.get("text"), ""));
        }
        return String.join("\n", texts);
    }

    private static void toolChoice(JsonNode choice, List<String> offered, ObjectNode chat) {
        if (choice == null || choice.isNull()) {
            return;
        }
        if (choice.isTextual()) {
            if (chat.has("tools") || "none".equals(choice.asText())) {
                chat.set("tool_choice", choice);
            }
            return;
        }
        String name = Json.text(choice.get("name"), Json.text(choice.get("type"), ""));
        if (!"function".equals(Json.text(choice.get("type"), "")) || !offered.contains(name)) {
            throw new Untranslatable("tool_choice: the tool '" + name + "' cannot be run by this model's upstream, which speaks chat"
                    + " completions and runs only the function tools you define.", "tool_choice");
        }
        chat.putObject("tool_choice").put("type", "function").putObject("function").put("name", name);
    }

    /** The answer's format, and OpenAI's verbosity. */
    private static void text(JsonNode text, ChatDialect dialect, ObjectNode chat, List<String> omitted) {
        JsonNode format = text.get("format");
        String type = Json.text(format == null ? null : format.get("type"), "text");
        if ("json_schema".equals(type)) {
            ObjectNode schema = chat.putObject("response_format").put("type", "json_schema").putObject("json_schema");
            schema.put("name", Json.text(format.get("name"), "output")).set("schema", format.get("schema"));
            if (format.has("strict")) {
                schema.set("strict", format.get("strict"));
            }
        } else if ("json_object".equals(type)) {
            chat.putObject("response_format").put("type", "json_object");
        }
        if (text.hasNonNull("verbosity")) {
            if (dialect == ChatDialect.OPENAI) {
                chat.set("verbosity", text.get("verbosity"));
            } else {
                omitted.add("text.verbosity");
            }
        }
    }
}
