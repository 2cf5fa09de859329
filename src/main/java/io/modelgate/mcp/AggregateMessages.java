package io.modelgate.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * What a server sends on its own stream, renamed for {@code /mcp}, where every server is one: a request of the
 * server's (sampling, elicitation, roots) gets the id {@code <server>/<its id as JSON>}, so the caller's answer finds
 * its way back to that server with the id it sent ({@link #answerFor}); a resource update names the resource in
 * the {@code mcp://<server>/} space; a subscription's filter is split by server and what they agree to joined. Pure:
 * no I/O.
 */
final class AggregateMessages {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A caller's answer to one server's request, as that server is to get it. */
    record Answer(String server, ObjectNode message) {
    }

    private AggregateMessages() {
    }

    /** {@code message}, from {@code server}'s stream, as the caller on {@code /mcp} is to see it (changed in place). */
    static ObjectNode fromServer(String server, ObjectNode message) {
        if (message.hasNonNull("method") && message.has("id")) {
            message.put("id", server + "/" + message.get("id").toString());
        }
        if ("notifications/resources/updated".equals(message.path("method").asText()) && message.path("params").hasNonNull("uri")) {
            ((ObjectNode) message.get("params")).put("uri", ResourceNames.namespaced(server, message.get("params").get("uri").asText()));
        }
        return message;
    }

    /** The server a caller's answer is for, with the id that server sent; null when the id is not one {@link #fromServer} gave. */
    static Answer answerFor(JsonNode id, ObjectNode answer) {
        if (!(id instanceof TextNode text)) {
            return null;
        }
        int slash = text.asText().indexOf('/');
        if (slash <= 0) {
            return null;
        }
        try {
            JsonNode original = JSON.readTree(text.asText().substring(slash + 1));
            if (original == null || !(original.isTextual() || original.isIntegralNumber())) {
                return null;
            }
            ObjectNode restored = answer.deepCopy();
            restored.set("id", original);
            return new Answer(text.asText().substring(0, slash), restored);
        } catch (JsonProcessingException notOurs) {
            return null;
        }
    }

    /** The flags of a subscription filter: each server is asked for them as the caller asked. */
    private static final java.util.List<String> FLAGS = java.util.List.of("toolsListChanged", "resourcesListChanged", "promptsListChanged");
    private static final String RESOURCES = "resourceSubscriptions";

    /** What of a caller's {@code subscriptions/listen} filter is one server's: the flags, and its resources in its own URIs. */
    static ObjectNode filterFor(String server, JsonNode filter) {
        ObjectNode own = JSON.createObjectNode();
        for (String flag : FLAGS) {
            if (filter.path(flag).asBoolean(false)) {
                own.put(flag, true);
            }
        }
        filter.path(RESOURCES).forEach(uri -> {
            ResourceNames.Named named = ResourceNames.parse(uri.asText(null));
            if (named != null && named.server().equals(server)) {
                own.withArray(RESOURCES).add(named.uri());
            }
        });
        return own;
    }

    /** Adds what one server agreed to honour to what the servers agreed together (its resources in {@code /mcp}'s URIs). */
    static void agree(ObjectNode together, String server, JsonNode agreed) {
        for (String flag : FLAGS) {
            if (agreed.path(flag).asBoolean(false)) {
                together.put(flag, true);
            }
        }
        agreed.path(RESOURCES).forEach(uri -> together.withArray(RESOURCES).add(ResourceNames.namespaced(server, uri.asText())));
    }
}
