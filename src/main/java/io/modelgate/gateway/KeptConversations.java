package io.modelgate.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelgate.error.ErrorKind;
import io.modelgate.error.GatewayException;
import io.modelgate.identity.Caller;
import io.modelgate.inspect.Endpoint;
import io.modelgate.responses.ConversationItems;
import io.modelgate.responses.KeptResponse;
import io.modelgate.responses.KeptResponses;
import io.modelgate.translate.ResponseFrame;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Supplier;

/**
 * The Responses API's state for models whose upstreams keep none: the gateway keeps each translated response a
 * caller asked to store ({@link KeptResponses}), continues a conversation from it ({@code previous_response_id}), and
 * answers retrieve, delete and input items itself — only for the response's owner or a {@code proxy_admin}, as for
 * responses upstreams keep; anyone else is told it does not exist.
 */
@Singleton
final class KeptConversations {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DEFAULT_PAGE = 20;
    private static final int MAX_PAGE = 100;

    private final KeptResponses kept;

    KeptConversations(KeptResponses kept) {
        this.kept = kept;
    }

    /** The conversation a call continues, as input items, oldest first: every turn up to and including {@code previousId}. */
    Future<ArrayNode> continuing(Call call, String previousId) {
        return kept.conversation(previousId).map(turns -> items(call.caller(), turns, previousId, true,
                () -> new GatewayException(ErrorKind.NOT_FOUND, "Previous response with id '" + previousId + "' not found.",
                        "previous_response_id")));
    }

    /**
     * Keeps the response of a translated call once it is complete, when the caller asked to store it and the caller
     * can own it (a token with a subject).
     */
    void keepWhenComplete(Call call, String model, ResponseFrame frame, JsonNode request, String previousId) {
        Caller caller = call.caller();
        if (!frame.stored() || caller.subject() == null) {
            return;
        }
        frame.whenComplete(response -> kept.keep(kept.newTurn(frame.id(), previousId, model, caller.issuer(), caller.subject(),
                ConversationItems.input(request, frame.id()).toString(), response)));
    }

    /** {@code GET}/{@code DELETE /v1/responses/{id}}, {@code …/input_items}, {@code …/cancel} on a response the gateway keeps. */
    Future<Void> operation(Call call, Endpoint endpoint, String id) {
        return kept.find(id).compose(found -> {
            KeptResponse turn = found.filter(t -> t.reachableBy(call.caller()))
                    .orElseThrow(() -> new GatewayException(ErrorKind.NOT_FOUND, "Response with id '" + id + "' not found."));
            call.names(turn.model);
            return switch (endpoint) {
                case RESPONSE_RETRIEVE -> Render.json(call, Buffer.buffer(turn.response));
                case RESPONSE_DELETE -> kept.forget(id).compose(deleted -> Render.json(call, Buffer.buffer(
                        JSON.createObjectNode().put("id", id).put("object", "response").put("deleted", true).toString())));
                case RESPONSE_INPUT_ITEMS -> inputItems(call, turn);
                default -> throw new GatewayException(ErrorKind.INVALID_REQUEST, "Only responses created with background=true can be"
                        + " cancelled; response '" + id + "' was answered at once.");
            };
        });
    }

    /** The items a response was given (its conversation before it, and its own input), a page at a time. */
    private Future<Void> inputItems(Call call, KeptResponse turn) {
        HttpServerRequest request = call.request();
        int limit = limit(request.getParam("limit"));
        String order = request.getParam("order", "desc");
        if (!order.equals("asc") && !order.equals("desc")) {
            throw new GatewayException(ErrorKind.INVALID_REQUEST, "order must be 'asc' or 'desc'.", "order");
        }
        String after = request.getParam("after");
        return kept.conversationEndingWith(turn).compose(turns -> {
            ArrayNode items = items(call.caller(), turns, turn.id, false,
                    () -> new GatewayException(ErrorKind.NOT_FOUND, "Response with id '" + turn.id + "' not found."));
            ObjectNode page = ConversationItems.page(items, after, limit, order.equals("asc"));
            if (page == null) {
                throw new GatewayException(ErrorKind.INVALID_REQUEST, "No input item of response '" + turn.id + "' has the id '"
                        + after + "'.", "after");
            }
            return Render.json(call, Buffer.buffer(page.toString()));
        });
    }

    private static int limit(String given) {
        if (given == null) {
            return DEFAULT_PAGE;
        }
        try {
            int limit = Integer.parseInt(given);
            if (limit >= 1 && limit <= MAX_PAGE) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new GatewayException(ErrorKind.INVALID_REQUEST, "limit must be a whole number from 1 to " + MAX_PAGE + ".", "limit");
    }

    /**
     * The items of a conversation ending with {@code lastId}: each turn's input and output, except the last turn's
     * output unless {@code withLastOutput}. Unknown, or not the caller's: {@code unknown}. A conversation whose earlier
     * turns were deleted or have expired cannot be given whole, and is refused naming the gap.
     */
    private static ArrayNode items(Caller caller, List<KeptResponse> turns, String lastId, boolean withLastOutput,
            Supplier<GatewayException> unknown) {
        if (turns.isEmpty() || !turns.stream().allMatch(turn -> turn.reachableBy(caller))) {
            throw unknown.get();
        }
        KeptResponse first = turns.get(0);
        if (first.previousId != null) {
            throw new GatewayException(ErrorKind.NOT_FOUND, "The conversation of response '" + lastId + "' is no longer whole: the"
                    + " response '" + first.previousId + "' it continues was deleted or has expired.", "previous_response_id");
        }
        ArrayNode items = JSON.createArrayNode();
        for (KeptResponse turn : turns) {
            boolean last = turn == turns.get(turns.size() - 1);
            ConversationItems.append(items, read(turn.input), last && !withLastOutput ? JSON.createObjectNode() : read(turn.response));
        }
        return items;
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) { // written by the gateway itself
            throw new UncheckedIOException(e);
        }
    }
}
