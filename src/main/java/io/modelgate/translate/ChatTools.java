package io.modelgate.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Collection;
import java.util.List;

/** Chat completions' {@code tools}, as the tool lists of the Messages and Responses APIs become it. */
final class ChatTools {

    private ChatTools() {
    }

    /**
     * Sets {@code chat}'s tools: a function tool for each tool of {@code clientType} (the tools the caller runs itself:
     * Messages' {@code custom}, the Responses API's {@code function}; a tool without a type is one), its schema read
     * from {@code schemaField}. The others run on the provider's platform: each is left out and named in
     * {@code omitted}. The names of the functions offered are added to {@code offered}.
     */
    static void functions(JsonNode tools, String clientType, String schemaField, ObjectNode chat, Collection<String> offered,
            List<String> omitted) {
        if (tools == null || !tools.isArray() || tools.isEmpty()) {
            return;
        }
        ArrayNode functions = Json.NODES.arrayNode();
        for (JsonNode tool : tools) {
            String type = Json.text(tool.get("type"), clientType);
            String name = Json.text(tool.get("name"), type);
            if (!clientType.equals(type)) {
                omitted.add("tool:" + name);
                continue;
            }
            offered.add(name);
            ObjectNode function = functions.addObject().put("type", "function").putObject("function").put("name", name);
            if (tool.hasNonNull("description")) {
                function.set("description", tool.get("description"));
            }
            function.set("parameters", tool.hasNonNull(schemaField) ? tool.get(schemaField) : Json.object().put("type", "object"));
            if (tool.path("strict").asBoolean(false)) {
                function.put("strict", true);
            }
        }
        if (!functions.isEmpty()) {
            chat.set("tools", functions);
        }
    }
}
