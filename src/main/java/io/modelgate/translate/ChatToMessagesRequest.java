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
 * A chat completions request written as an Anthropic Messages request, for an upstream that speaks only Messages:
 *
 * <ul>
 *   <li>{@code system} and {@code developer} messages, wherever they stand, become the top-level {@code system}
 *       (Messages has no other place for them), joined by blank lines in their order;</li>
 *   <li>text parts become text blocks; an image by URL an image block with a URL source, a {@code data:} URL one with
 *       base64 data; a PDF given as {@code file_data} a document block; audio and uploaded-file ids are refused;</li>
 *   <li>an assistant message's {@code tool_calls} become {@code tool_use} blocks (arguments parsed as the input);
 *       {@code tool} messages become {@code tool_result} blocks, consecutive ones in one user turn, as Anthropic
 *       wants the results of parallel calls;</li>
 *   <li>function tools become custom tools; {@code tool_choice} {@code auto}/{@code required}/{@code none}/a function
 *       becomes {@code auto}/{@code any}/{@code none}/that tool, with {@code parallel_tool_calls: false} as
 *       {@code disable_parallel_tool_use};</li>
 *   <li>{@code max_completion_tokens} or {@code max_tokens} becomes {@code max_tokens}, {@value #DEFAULT_MAX_TOKENS}
 *       when neither is given (Messages requires one, and every Claude model can write that many);
 *       {@code stop} {@code stop_sequences}; {@code temperature}, {@code top_p} as they are; {@code user}
 *       {@code metadata.user_id};</li>
 *   <li>{@code reasoning_effort} becomes extended thinking with a budget of 2,048, 8,192 or 16,384 tokens (low, medium,
 *       high), kept below {@code max_tokens}; left out when {@code max_tokens} leaves no room for 1,024, or when the
 *       last assistant turn called tools without its thinking; an assistant message's {@code thinking_blocks} (LiteLLM's
 *       field, {@link ThinkingBlocks}) go first in its turn, signatures and all;</li>
 *   <li>{@code response_format} {@code json_schema} becomes Anthropic's structured output ({@code output_config.format});
 *       {@code n} above 1, {@code logprobs}, audio output and {@code json_object} (no schema) are refused: the answer
 *       would not be what was asked. Sampling knobs Messages lacks ({@code seed}, {@code frequency_penalty},
 *       {@code presence_penalty}, {@code logit_bias}), OpenAI's own services ({@code store}, {@code metadata},
 *       {@code service_tier}, {@code prediction}, {@code web_search_options}) and any field unknown here are left out
 *       and named.</li>
 * </ul>
 */
public final class ChatToMessagesRequest {

    static final int DEFAULT_MAX_TOKENS = 4096;
    private static final int MIN_THINKING_BUDGET = 1024;

    private ChatToMessagesRequest() {
    }

    public static Translated request(JsonNode chat) {
        List<String> omitted = new ArrayList<>();
        ObjectNode messages = Json.object();
        messages.put("model", Json.text(chat.get("model"), ""));
        JsonNode given = chat.get("max_completion_tokens");
        long maxTokens = given != null && given.canConvertToLong() ? given.asLong()
                : chat.path("max_tokens").canConvertToLong() ? chat.get("max_tokens").asLong() : DEFAULT_MAX_TOKENS;
        messages.put("max_tokens", maxTokens);
        ArrayNode turns = Json.NODES.arrayNode();
        List<String> system = new ArrayList<>();
        JsonNode chatMessages = chat.get("messages");
        if (chatMessages == null || !chatMessages.isArray()) {
            throw new Untranslatable("messages: an array of messages is required.", "messages");
        }
        for (int i = 0; i < chatMessages.size(); i++) {
            message(chatMessages.get(i), "messages[" + i + "]", system, turns);
        }
        if (!system.isEmpty()) {
            messages.put("system", String.join("\n\n", system));
        }
        messages.set("messages", turns);
        Set<String> offered = new HashSet<>();
        boolean parallel = true;
        for (Map.Entry<String, JsonNode> field : chat.properties()) {
            String name = field.getKey();
            JsonNode value = field.getValue();
            switch (name) {
                case "model", "messages", "max_tokens", "max_completion_tokens", "tool_choice", "reasoning_effort", "stream_options" -> {
                }
                case "stop" -> {
                    if (value.isTextual()) {
                        messages.putArray("stop_sequences").add(value);
                    } else if (value.isArray() && !value.isEmpty()) {
                        messages.set("stop_sequences", value);
                    }
                }
                case "temperature", "top_p", "stream" -> messages.set(name, value);
                case "user" -> messages.putObject("metadata").set("user_id", value);
                case "tools" -> tools(value, messages, offered, omitted);
                case "parallel_tool_calls" -> parallel = value.asBoolean(true);
                case "n" -> {
                    if (value.asInt(1) > 1) {
                        throw new Untranslatable("n: this model's upstream speaks Anthropic's Messages API, which writes one answer per call.", "n");
                    }
                }
                case "logprobs", "top_logprobs" -> {
                    if (value.asBoolean(false) || value.asInt(0) > 0) {
                        throw new Untranslatable(name + ": this model's upstream speaks Anthropic's Messages API, which returns no log"
                                + " probabilities.", name);
                    }
                }
                case "modalities", "audio" -> {
                    if (value.toString().contains("audio")) {
                        throw new Untranslatable(name + ": this model's upstream speaks Anthropic's Messages API, which answers in"
                                + " text only.", name);
                    }
                }
                case "response_format" -> responseFormat(value, messages);
                default -> omitted.add(name);
            }
        }
        toolChoice(chat.get("tool_choice"), parallel, offered, messages);
        thinking(chat.get("reasoning_effort"), maxTokens, messages, omitted);
        return new Translated(messages, omitted);
    }

    private static void message(JsonNode message, String where, List<String> system, ArrayNode turns) {
        String role = Json.text(message.get("role"), "");
        JsonNode content = message.get("content");
        switch (role) {
            case "system", "developer" -> system.add(content == null || content.isTextual() ? Json.text(content, "") : texts(content, where));
            case "user" -> lastOrNew(turns, "user").addAll(blocks(content, where));
            case "assistant" -> {
                ArrayNode blocks = Json.NODES.arrayNode();
                for (JsonNode thinking : message.path(ThinkingBlocks.FIELD)) { // first, as Anthropic wrote them
                    blocks.add(ThinkingBlocks.of(thinking));
                }
                if (content != null && !content.isNull()) {
                    for (JsonNode block : blocks(content, where)) {
                        if (!block.path("text").asText().isEmpty()) {
                            blocks.add(block);
                        }
                    }
                }
                for (JsonNode call : message.path("tool_calls")) {
                    JsonNode function = call.path("function");
                    blocks.addObject().put("type", "tool_use").put("id", Json.text(call.get("id"), ""))
                            .put("name", Json.text(function.get("name"), ""))
                            .set("input", ChatAnswers.toolInput(Json.text(function.get("arguments"), "")));
                }
                turns.addObject().put("role", "assistant").set("content", blocks);
            }
            case "tool" -> {
                ObjectNode result = Json.object().put("type", "tool_result").put("tool_use_id", Json.text(message.get("tool_call_id"), ""));
                result.put("content", content == null || content.isTextual() ? Json.text(content, "") : texts(content, where));
                lastOrNew(turns, "user").add(result);
            }
            default -> throw new Untranslatable(where + ".role: '" + role + "' messages cannot be sent to this model's upstream, which"
                    + " speaks Anthropic's Messages API.", where + ".role");
        }
    }

    /** The content of the last turn when it is {@code role}'s, else of a new one. */
    private static ArrayNode lastOrNew(ArrayNode turns, String role) {
        JsonNode last = turns.isEmpty() ? null : turns.get(turns.size() - 1);
        if (last != null && role.equals(last.path("role").asText())) {
            return (ArrayNode) last.get("content");
        }
        ObjectNode turn = turns.addObject().put("role", role);
        return turn.putArray("content");
    }

    /**
     * A JSON schema the answer must follow, as Anthropic's structured outputs take it ({@code output_config.format});
     * {@code json_object} names no schema, which Anthropic requires, so it is refused.
     */
    private static void responseFormat(JsonNode format, ObjectNode messages) {
        String type = Json.text(format.get("type"), "text");
        JsonNode schema = format.path("json_schema").get("schema");
        if ("json_schema".equals(type) && schema != null && schema.isObject()) {
            ObjectNode config = messages.has("output_config") ? (ObjectNode) messages.get("output_config") : messages.putObject("output_config");
            config.putObject("format").put("type", "json_schema").set("schema", schema);
        } else if (!"text".equals(type)) {
            throw new Untranslatable("response_format: '" + type + "' without a schema cannot be guaranteed by this model's upstream,"
                    + " which speaks Anthropic's Messages API; give a json_schema, or ask for JSON in the prompt.", "response_format");
        }
    }

    /** Whether the last assistant turn calls tools and does not begin with its thinking. */
    private static boolean lastToolTurnLostItsThinking(JsonNode turns) {
        for (int i = turns.size() - 1; i >= 0; i--) {
            JsonNode turn = turns.get(i);
            if ("assistant".equals(turn.path("role").asText())) {
                JsonNode content = turn.path("content");
                boolean callsTools = false;
                for (JsonNode block : content) {
                    callsTools |= "tool_use".equals(block.path("type").asText());
                }
                String first = content.path(0).path("type").asText();
                return callsTools && !first.equals("thinking") && !first.equals("redacted_thinking");
            }
        }
        return false;
    }

    private static String texts(JsonNode parts, String where) {
        List<String> texts = new ArrayList<>();
        for (JsonNode part : parts) {
            if (!"text".equals(Json.text(part.get("type"), ""))) {
                throw new Untranslatable(where + ".content: only text parts can be sent here to this model's upstream.", where + ".content");
            }
            texts.add(Json.text(part.get("text"), ""));
        }
        return String.join("\n", texts);
    }

    private static List<ObjectNode> blocks(JsonNode content, String where) {
        if (content == null || content.isNull()) {
            return List.of();
        }
        if (content.isTextual()) {
            return List.of(Json.object().put("type", "text").put("text", content.asText()));
        }
        List<ObjectNode> blocks = new ArrayList<>();
        for (int i = 0; i < content.size(); i++) {
            blocks.add(block(content.get(i), where + ".content[" + i + "]"));
        }
        return blocks;
    }

    private static ObjectNode block(JsonNode part, String where) {
        String type = Json.text(part.get("type"), "");
        switch (type) {
            case "text" -> {
                return Json.object().put("type", "text").put("text", Json.text(part.get("text"), ""));
            }
            case "image_url" -> {
                JsonNode imageUrl = part.get("image_url");
                String url = imageUrl != null && imageUrl.isTextual() ? imageUrl.asText() : Json.text(imageUrl == null ? null : imageUrl.get("url"), "");
                return Json.object().put("type", "image").set("source", source(url, where));
            }
            case "file" -> {
                String data = Json.text(part.path("file").get("file_data"), null);
                if (data != null && data.startsWith("data:")) {
                    return Json.object().put("type", "document").set("source", source(data, where));
                }
                throw new Untranslatable(where + ": a file must be given as file_data for this model's upstream; uploaded file ids are"
                        + " OpenAI's own.", where);
            }
            default -> throw new Untranslatable(where + ": '" + type + "' parts cannot be sent to this model's upstream, which speaks"
                    + " Anthropic's Messages API.", where);
        }
    }

    /** A URL as Anthropic's source: a {@code data:} URL as base64 data with its media type, any other by URL. */
    private static ObjectNode source(String url, String where) {
        if (!url.startsWith("data:")) {
            return Json.object().put("type", "url").put("url", url);
        }
        int comma = url.indexOf(',');
        int base64 = url.indexOf(";base64");
        if (comma < 0 || base64 < 0 || base64 > comma) {
            throw new Untranslatable(where + ": a data: URL must be base64-encoded for this model's upstream.", where);
        }
        return Json.object().put("type", "base64").put("media_type", url.substring(5, base64)).put("data", url.substring(comma + 1));
    }

    private static void tools(JsonNode tools, ObjectNode messages, Set<String> offered, List<String> omitted) {
        if (!tools.isArray() || tools.isEmpty()) {
            return;
        }
        ArrayNode custom = Json.NODES.arrayNode();
        for (JsonNode tool : tools) {
            JsonNode function = tool.path("function");
            String name = Json.text(function.get("name"), Json.text(tool.get("name"), ""));
            if (!"function".equals(Json.text(tool.get("type"), "function"))) {
                omitted.add("tool:" + name);
                continue;
            }
            offered.add(name);
            ObjectNode out = custom.addObject().put("name", name);
            if (function.hasNonNull("description")) {
                out.set("description", function.get("description"));
            }
            out.set("input_schema", function.hasNonNull("parameters") ? function.get("parameters") : Json.object().put("type", "object"));
        }
        if (!custom.isEmpty()) {
            messages.set("tools", custom);
        }
    }

    private static void toolChoice(JsonNode choice, boolean parallel, Set<String> offered, ObjectNode messages) {
        if (!messages.has("tools")) {
            return;
        }
        ObjectNode out;
        if (choice == null || choice.isNull() || "auto".equals(Json.text(choice, ""))) {
            out = Json.object().put("type", "auto");
        } else if ("required".equals(Json.text(choice, ""))) {
            out = Json.object().put("type", "any");
        } else if ("none".equals(Json.text(choice, ""))) {
            out = Json.object().put("type", "none");
        } else {
            String name = Json.text(choice.path("function").get("name"), "");
            if (!offered.contains(name)) {
                throw new Untranslatable("tool_choice: the tool '" + name + "' is not among the function tools offered.", "tool_choice");
            }
            out = Json.object().put("type", "tool").put("name", name);
        }
        if (!parallel && !"none".equals(out.get("type").asText())) {
            out.put("disable_parallel_tool_use", true);
        }
        if (choice != null && !choice.isNull() || !parallel) {
            messages.set("tool_choice", out);
        }
    }

    /**
     * OpenAI's reasoning effort as a thinking budget that leaves room for the answer. Left out, and named, when the
     * turn being continued called tools without its thinking: Anthropic refuses a tool loop whose last turn lost it
     * while thinking is on (a chat client that does not send {@code thinking_blocks} back), and accepts it without.
     */
    private static void thinking(JsonNode effort, long maxTokens, ObjectNode messages, List<String> omitted) {
        String level = Json.text(effort, null);
        if (level == null || "none".equals(level) || "minimal".equals(level)) {
            return;
        }
        long budget = Math.min("low".equals(level) ? 2048 : "high".equals(level) ? 16384 : 8192, maxTokens - 1);
        if (budget < MIN_THINKING_BUDGET || lastToolTurnLostItsThinking(messages.get("messages"))) {
            omitted.add("reasoning_effort");
            return;
        }
        messages.putObject("thinking").put("type", "enabled").put("budget_tokens", budget);
        if (messages.has("temperature") && messages.get("temperature").asDouble() != 1) {
            messages.remove("temperature"); // extended thinking takes no other temperature
            omitted.add("temperature");
        }
    }
}
