package io.modelgate.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An Anthropic Messages request written as a chat completions request, for an upstream that speaks only chat
 * completions (vLLM, Ollama, LM Studio). Every field is mapped, left out by a stated rule, or refused:
 *
 * <ul>
 *   <li>{@code system} (a string or text blocks) becomes the first, {@code system}, message; a {@code system} message
 *       in the conversation (Claude Code sends its reminders so) a {@code system} message in its place;</li>
 *   <li>text and image blocks become content parts (an image by URL or as a {@code data:} URL); a {@code text}
 *       document becomes text; a PDF document is refused;</li>
 *   <li>{@code tool_use} blocks become the assistant message's {@code tool_calls}, their {@code input} its
 *       arguments; each {@code tool_result} becomes a {@code tool} message, ahead of the rest of its user turn (chat
 *       completions wants them straight after the call); an image a tool returned follows in a user message, since a
 *       tool message carries text only; a failed tool's result is marked {@code [tool error]};</li>
 *   <li>the {@code thinking} blocks of earlier turns are not sent (chat completions has no field for them), nor are
 *       {@code cache_control} marks (these servers cache prompt prefixes on their own);</li>
 *   <li>custom tools become function tools; a tool Anthropic's platform runs ({@code web_search}, code execution, …)
 *       is left out and named; {@code tool_choice} {@code auto}/{@code any}/{@code tool}/{@code none} becomes
 *       {@code auto}/{@code required}/the named function/{@code none}, and naming a tool that was left out is refused;
 *       {@code disable_parallel_tool_use} becomes {@code parallel_tool_calls: false};</li>
 *   <li>{@code max_tokens}, {@code stop_sequences}, {@code temperature}, {@code top_p}, {@code top_k},
 *       {@code metadata.user_id} and {@code output_format} map to their chat fields as the {@link ChatDialect} has
 *       them; {@code thinking} and {@code output_config.effort} become {@code reasoning_effort} for OpenAI and are left
 *       out for other servers; {@code output_config.format} is {@code output_format};</li>
 *   <li>a stream always asks for the usage chunk, which the answer's {@code message_delta} needs.</li>
 * </ul>
 * Any other top-level field is left out and named; {@code mcp_servers} is refused (the upstream cannot reach them).
 */
public final class MessagesToChat {

    /** Fields whose meaning chat completions has no place for, and whose absence the answer does not depend on. */
    private static final Set<String> OMITTED_FIELDS = Set.of("service_tier", "container", "context_management");

    private MessagesToChat() {
    }

    public static Translated request(JsonNode messages, ChatDialect dialect) {
        List<String> omitted = new ArrayList<>();
        ObjectNode chat = Json.object();
        chat.put("model", Json.text(messages.get("model"), ""));
        ArrayNode out = chat.putArray("messages");
        system(messages.get("system"), out);
        JsonNode turns = messages.get("messages");
        if (turns == null || !turns.isArray()) {
            throw new Untranslatable("messages: an array of messages is required.", "messages");
        }
        for (int i = 0; i < turns.size(); i++) {
            turn(turns.get(i), "messages." + i, out);
        }
        Set<String> offered = new HashSet<>();
        for (Map.Entry<String, JsonNode> field : messages.properties()) {
            String name = field.getKey();
            JsonNode value = field.getValue();
            switch (name) {
                case "model", "messages", "system" -> {
                }
                case "max_tokens" -> chat.set(dialect == ChatDialect.OPENAI ? "max_completion_tokens" : "max_tokens", value);
                case "stop_sequences" -> {
                    if (value.isArray() && !value.isEmpty()) {
                        chat.set("stop", value);
                    }
                }
                case "temperature", "top_p" -> chat.set(name, value);
                case "top_k" -> {
                    if (dialect == ChatDialect.COMPATIBLE) {
                        chat.set(name, value);
                    } else {
                        omitted.add(name);
                    }
                }
                case "stream" -> {
                    chat.set("stream", value);
                    if (value.asBoolean(false)) {
                        chat.putObject("stream_options").put("include_usage", true);
                    }
                }
                case "metadata" -> {
                    if (value.hasNonNull("user_id")) {
                        chat.set("user", value.get("user_id"));
                    }
                }
                case "tools" -> ChatTools.functions(value, "custom", "input_schema", chat, offered, omitted);
                case "tool_choice" -> {
                }
                case "thinking" -> thinking(value, dialect, chat, omitted);
                case "output_format" -> outputFormat(value, chat);
                case "output_config" -> outputConfig(value, dialect, chat, omitted);
                case "mcp_servers" -> {
                    if (!value.isNull() && !value.isEmpty()) {
                        throw new Untranslatable("mcp_servers: this model's upstream speaks chat completions, which cannot reach"
                                + " MCP servers on the model's behalf. Connect the MCP servers in your client instead.", "mcp_servers");
                    }
                }
                default -> omitted.add(name);
            }
        }
        toolChoice(messages.get("tool_choice"), offered, chat);
        omitted.removeIf(OMITTED_FIELDS::contains); // named in the rules, not news to anyone
        return new Translated(chat, omitted);
    }

    private static void system(JsonNode system, ArrayNode out) {
        if (system == null || system.isNull()) {
            return;
        }
        String text = system.isTextual() ? system.asText() : joinedText(system, "system");
        if (!text.isEmpty()) {
            out.addObject().put("role", "system").put("content", text);
        }
    }

    private static String joinedText(JsonNode blocks, String where) {
        StringBuilder text = new StringBuilder();
        for (JsonNode block : blocks) {
            if (!"text".equals(Json.text(block.get("type"), ""))) {
                throw new Untranslatable(where + ": only text blocks can be sent to this model's upstream.", where);
            }
            text.append(text.isEmpty() ? "" : "\n").append(Json.text(block.get("text"), ""));
        }
        return text.toString();
    }

    private static void turn(JsonNode turn, String where, ArrayNode out) {
        String role = Json.text(turn.get("role"), "");
        JsonNode content = turn.get("content");
        if ("system".equals(role)) { // a mid-conversation system message (Claude Code's reminders): chat has them in place
            out.addObject().put("role", "system").put("content", content == null || content.isTextual()
                    ? Json.text(content, "") : joinedText(content, where + ".content"));
            return;
        }
        if (!"user".equals(role) && !"assistant".equals(role)) {
            throw new Untranslatable(where + ".role: must be 'user', 'assistant' or 'system'.", where + ".role");
        }
        if (content == null || content.isTextual()) {
            out.addObject().put("role", role).put("content", content == null ? "" : content.asText());
            return;
        }
        if ("assistant".equals(role)) {
            assistant(content, where, out);
        } else {
            user(content, where, out);
        }
    }

    private static void assistant(JsonNode blocks, String where, ArrayNode out) {
        StringBuilder text = new StringBuilder();
        ArrayNode calls = Json.NODES.arrayNode();
        for (int i = 0; i < blocks.size(); i++) {
            JsonNode block = blocks.get(i);
            switch (Json.text(block.get("type"), "")) {
                case "text" -> text.append(Json.text(block.get("text"), ""));
                case "tool_use" -> {
                    ObjectNode call = calls.addObject().put("id", Json.text(block.get("id"), "")).put("type", "function");
                    JsonNode input = block.get("input");
                    call.putObject("function").put("name", Json.text(block.get("name"), ""))
                            .put("arguments", input == null || input.isNull() ? "{}" : input.toString());
                }
                case "thinking", "redacted_thinking", "server_tool_use", "web_search_tool_result" -> {
                    // reasoning and server-tool history: chat completions has no place for either
                }
                default -> throw unsupportedBlock(block, where + ".content." + i);
            }
        }
        ObjectNode message = out.addObject().put("role", "assistant");
        if (!text.isEmpty() || calls.isEmpty()) {
            message.put("content", text.toString());
        } else {
            message.putNull("content");
        }
        if (!calls.isEmpty()) {
            message.set("tool_calls", calls);
        }
    }

    /** Tool results first, as {@code tool} messages; then the rest of the turn, with the images tools returned. */
    private static void user(JsonNode blocks, String where, ArrayNode out) {
        ArrayNode parts = Json.NODES.arrayNode();
        for (int i = 0; i < blocks.size(); i++) {
            JsonNode block = blocks.get(i);
            String at = where + ".content." + i;
            if ("tool_result".equals(Json.text(block.get("type"), ""))) {
                out.add(toolMessage(block, at, parts));
            } else {
                parts.add(part(block, at));
            }
        }
        if (parts.isEmpty()) {
            return;
        }
        boolean onlyOneText = parts.size() == 1 && "text".equals(parts.get(0).get("type").asText());
        ObjectNode message = out.addObject().put("role", "user");
        if (onlyOneText) {
            message.set("content", parts.get(0).get("text"));
        } else {
            message.set("content", parts);
        }
    }

    private static ObjectNode toolMessage(JsonNode result, String where, ArrayNode imagesAfter) {
        JsonNode content = result.get("content");
        List<String> texts = new ArrayList<>();
        if (content != null && content.isTextual()) {
            texts.add(content.asText());
        } else if (content != null && content.isArray()) {
            for (int i = 0; i < content.size(); i++) {
                JsonNode block = content.get(i);
                if ("text".equals(Json.text(block.get("type"), ""))) {
                    texts.add(Json.text(block.get("text"), ""));
                } else {
                    imagesAfter.add(part(block, where + ".content." + i));
                }
            }
        }
        String text = String.join("\n", texts);
        return Json.object().put("role", "tool").put("tool_call_id", Json.text(result.get("tool_use_id"), ""))
                .put("content", result.path("is_error").asBoolean(false) ? "[tool error] " + text : text);
    }

    private static ObjectNode part(JsonNode block, String where) {
        String type = Json.text(block.get("type"), "");
        return switch (type) {
            case "text" -> Json.object().put("type", "text").put("text", Json.text(block.get("text"), ""));
            case "image" -> image(block.path("source"), where);
            case "document" -> {
                JsonNode source = block.path("source");
                if ("text".equals(Json.text(source.get("type"), ""))) {
                    yield Json.object().put("type", "text").put("text", Json.text(source.get("data"), ""));
                }
                throw new Untranslatable(where + ": document blocks other than plain text (a PDF, say) cannot be sent to this"
                        + " model's upstream, which speaks chat completions.", where);
            }
            default -> throw unsupportedBlock(block, where);
        };
    }

    private static ObjectNode image(JsonNode source, String where) {
        String url = switch (Json.text(source.get("type"), "")) {
            case "base64" -> "data:" + Json.text(source.get("media_type"), "image/png") + ";base64," + Json.text(source.get("data"), "");
            case "url" -> Json.text(source.get("url"), "");
            default -> throw new Untranslatable(where + ".source: an image must be given as base64 data or by URL for this model's"
                    + " upstream.", where + ".source");
        };
        ObjectNode part = Json.object().put("type", "image_url");
        part.putObject("image_url").put("url", url);
        return part;
    }

    private static Untranslatable unsupportedBlock(JsonNode block, String where) {
        return new Untranslatable(where + ": '" + Json.text(block.get("type"), "") + "' blocks cannot be sent to this model's"
                + " upstream, which speaks chat completions.", where);
    }

    private static void toolChoice(JsonNode choice, Set<String> offered, ObjectNode chat) {
        if (choice == null || choice.isNull()) {
            return;
        }
        switch (Json.text(choice.get("type"), "auto")) {
            case "auto" -> chat.put("tool_choice", "auto");
            case "any" -> chat.put("tool_choice", "required");
            case "none" -> chat.put("tool_choice", "none");
            case "tool" -> {
                String name = Json.text(choice.get("name"), "");
                if (!offered.contains(name)) {
                    throw new Untranslatable("tool_choice: the tool '" + name + "' cannot be run by this model's upstream, which"
                            + " speaks chat completions and runs only the tools you define.", "tool_choice");
                }
                chat.putObject("tool_choice").put("type", "function").putObject("function").put("name", name);
            }
            default -> throw new Untranslatable("tool_choice: unknown type '" + choice.get("type").asText() + "'.", "tool_choice");
        }
        if (choice.path("disable_parallel_tool_use").asBoolean(false) && chat.has("tools")) {
            chat.put("parallel_tool_calls", false);
        }
    }

    /** Extended thinking: OpenAI's reasoning effort, by budget; other servers have no standard control. */
    private static void thinking(JsonNode thinking, ChatDialect dialect, ObjectNode chat, List<String> omitted) {
        String type = Json.text(thinking.get("type"), "disabled");
        if ("disabled".equals(type)) {
            return;
        }
        if (dialect != ChatDialect.OPENAI) {
            omitted.add("thinking");
            return;
        }
        long budget = thinking.path("budget_tokens").asLong(8192);
        chat.put("reasoning_effort", budget < 4096 ? "low" : budget < 16384 ? "medium" : "high");
    }

    /** The effort the answer deserves (OpenAI's reasoning effort; others have no control), and its format. */
    private static void outputConfig(JsonNode config, ChatDialect dialect, ObjectNode chat, List<String> omitted) {
        String effort = Json.text(config.get("effort"), null);
        if (effort != null) {
            if (dialect == ChatDialect.OPENAI) {
                chat.put("reasoning_effort", "max".equals(effort) ? "high" : effort);
            } else {
                omitted.add("output_config.effort");
            }
        }
        if (config.hasNonNull("format")) {
            outputFormat(config.get("format"), chat);
        }
    }

    /** Structured outputs: a JSON schema the answer must follow. */
    private static void outputFormat(JsonNode format, ObjectNode chat) {
        if (format.isNull()) {
            return;
        }
        if (!"json_schema".equals(Json.text(format.get("type"), ""))) {
            throw new Untranslatable("output_format: only type 'json_schema' can be sent to this model's upstream.", "output_format");
        }
        ObjectNode schema = chat.putObject("response_format").put("type", "json_schema").putObject("json_schema");
        schema.put("name", "output").set("schema", format.get("schema"));
        schema.put("strict", true);
    }
}
