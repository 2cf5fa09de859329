package io.modelgate.mcp;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelgate.policy.McpServer;
import io.modelgate.snapshot.ServedMcpServer;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /mcp}: every MCP server the caller's roles reach, as one server. Tools and prompts are named
 * {@code <server>__<name>} ({@link McpServer#TOOL_SEPARATOR}: within MCP's tool-name characters; a server's name never
 * holds it, so a name splits at its first), listed from all servers at once and called on the one their prefix
 * names, with the name (and its {@code Mcp-Name} header) as that server knows it. A 2025-revision session is one
 * session with each server, all sealed into the one id the caller holds. Resources are listed and read in each
 * server's URI space ({@link ResourceNames}); completions go to the server their prompt or template names.
 * A session's GET stream merges every server's ({@link McpMergedStream}); a caller's answer to a server's request
 * goes back to that server alone ({@link AggregateMessages}).
 */
@Singleton
class McpAggregate {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** The methods the 2026-07-28 revision removed: a request of that revision naming one is answered 404 / -32601. */
    private static final Set<String> REMOVED_IN_STATELESS = Set.of("initialize", "ping", "logging/setLevel");

    private final McpGate gate;
    private final McpUpstream upstreams;
    private final McpLimits limits;
    private final SealedSessions sessions;
    private final McpAggregateLists lists;
    private final McpAggregateResources resources;

    McpAggregate(McpGate gate, McpUpstreams upstreams, McpLimits limits, McpSessionKey key, McpAggregateLists lists,
            McpAggregateResources resources) {
        this.gate = gate;
        this.lists = lists;
        this.resources = resources;
        this.upstreams = upstreams;
        this.limits = limits;
        this.sessions = key.sessions();
    }

    void post(RoutingContext http) {
        gate.arrive(http).onSuccess(arrival -> {
            JsonRpc.Message message = arrival.message();
            String headerProblem = McpHeaders.problem(http.request().headers(), message);
            if (headerProblem != null) {
                McpGate.refuse(http, "header_mismatch", 400, JsonRpc.error(message.id(), JsonRpc.HEADER_MISMATCH, headerProblem));
                return;
            }
            List<ServedMcpServer> reachable = reachable(arrival.visitor());
            if (reachable.isEmpty()) {
                McpGate.refuse(http, "mcp_server_not_permitted", 403, JsonRpc.error(message.id(), JsonRpc.ACCESS_DENIED,
                        "No MCP server is granted to your roles " + arrival.visitor().caller().gatewayRoles() + "."));
                return;
            }
            boolean stateless = McpHeaders.stateless(message);
            Map<String, String> upstreamSessions = Map.of();
            String sessionId = http.request().getHeader(McpEndpoint.SESSION);
            if (!stateless && sessionId != null && !"initialize".equals(message.method())) {
                Optional<SealedSessions.Session> session = sessions.open(sessionId, SealedSessions.AGGREGATE, arrival.visitor().owner(),
                        Instant.now());
                if (session.isEmpty()) {
                    McpGate.sessionNotFound(http, message.id());
                    return;
                }
                upstreamSessions = session.get().upstreams();
            }
            serve(new AggregateExchange(http, arrival.visitor(), message, reachable, upstreamSessions, stateless));
        });
    }

    /**
     * GET: in a session, the servers' own streams merged ({@link McpMergedStream}); without one there is no stream (the
     * spec allows 405). DELETE ends the session with every server.
     */
    void streamOrEnd(RoutingContext http) {
        gate.admit(http).onSuccess(visitor -> {
            String sessionId = http.request().getHeader(McpEndpoint.SESSION);
            if (http.request().method() != HttpMethod.DELETE && sessionId == null) {
                McpGate.answer(http, 405, JsonRpc.error(null, JsonRpc.INVALID_REQUEST,
                        "/mcp has a stream only in a session (Mcp-Session-Id); the 2026-07-28 revision has none"));
                return;
            }
            Optional<SealedSessions.Session> session = Optional.ofNullable(sessionId)
                    .flatMap(id -> sessions.open(id, SealedSessions.AGGREGATE, visitor.owner(), Instant.now()));
            if (session.isEmpty()) {
                McpGate.sessionNotFound(http, null);
                return;
            }
            if (http.request().method() != HttpMethod.DELETE) {
                List<ServedMcpServer> members = reachable(visitor).stream().filter(s -> session.get().upstreams().containsKey(s.name())).toList();
                McpMergedStream.get(upstreams, http, visitor, members, session.get().upstreams());
                return;
            }
            session.get().upstreams().forEach((name, upstreamId) -> visitor.snapshot().mcpServer(name)
                    .filter(server -> !upstreamId.isEmpty()) // a server that keeps no session has none to end
                    .ifPresent(server -> upstreams.send(server, visitor.token(), HttpMethod.DELETE, McpEndpoint.upstreamHeaders(http, upstreamId), null)
                            .onSuccess(answer -> answer.discard())));
            http.response().setStatusCode(204).end();
        });
    }

    private static List<ServedMcpServer> reachable(McpGate.Visitor visitor) {
        return visitor.snapshot().mcpAccess().servers(visitor.caller().gatewayRoles()).stream()
                .map(name -> visitor.snapshot().mcpServer(name)).flatMap(Optional::stream).toList();
    }

    private void serve(AggregateExchange exchange) {
        JsonRpc.Message message = exchange.message();
        McpCall.of(exchange.http()).server = "*"; // all of them, until a call names its one
        AggregateMessages.Answer routed = message.kind() == JsonRpc.Kind.RESPONSE ? AggregateMessages.answerFor(message.id(), message.tree())
                : null;
        Optional<ServedMcpServer> asked = routed == null ? Optional.empty() : exchange.server(routed.server());
        if (asked.isPresent()) { // the answer to a request of one server's stream
            ServedMcpServer server = asked.get();
            upstreams.send(server, exchange.visitor().token(), HttpMethod.POST, exchange.headers(server), Buffer.buffer(routed.message().toString()))
                    .onSuccess(answer -> answer.discard());
            exchange.http().response().setStatusCode(202).end();
            return;
        }
        if (message.kind() != JsonRpc.Kind.REQUEST) { // notifications and other answers: every server of the session hears them
            for (ServedMcpServer server : exchange.servers()) {
                if (exchange.stateless() || exchange.upstreamSessions().containsKey(server.name())) {
                    upstreams.send(server, exchange.visitor().token(), HttpMethod.POST, exchange.headers(server), Buffer.buffer(message.tree().toString()))
                            .onSuccess(answer -> answer.discard());
                }
            }
            exchange.http().response().setStatusCode(202).end();
            return;
        }
        if (exchange.stateless() && REMOVED_IN_STATELESS.contains(message.method())) {
            McpGate.answer(exchange.http(), 404, JsonRpc.error(message.id(), JsonRpc.METHOD_NOT_FOUND,
                    message.method() + " is not part of the 2026-07-28 revision"));
            return;
        }
        switch (message.method()) {
            case "initialize" -> initialize(exchange);
            case "ping" -> exchange.answer(NODES.objectNode());
            case "server/discover" -> exchange.answer(discover());
            case "tools/list" -> lists.list(exchange, McpAggregateLists.Listing.TOOLS);
            case "prompts/list" -> lists.list(exchange, McpAggregateLists.Listing.PROMPTS);
            case "resources/list" -> lists.list(exchange, McpAggregateLists.Listing.RESOURCES);
            case "resources/templates/list" -> lists.list(exchange, McpAggregateLists.Listing.TEMPLATES);
            case "tools/call", "prompts/get" -> route(exchange);
            case "resources/read" -> resources.read(exchange);
            case "resources/subscribe", "resources/unsubscribe" -> resources.subscription(exchange);
            case "completion/complete" -> resources.complete(exchange);
            case "subscriptions/listen" -> McpMergedStream.listen(upstreams, exchange);
            case "logging/setLevel" -> McpFanOut.ask(upstreams, exchange.visitor().token(), exchange.servers(), exchange::headers, server -> message.tree())
                    .onSuccess(answers -> exchange.answer(NODES.objectNode()));
            default -> McpGate.answer(exchange.http(), exchange.stateless() ? 404 : 200, JsonRpc.error(message.id(), JsonRpc.METHOD_NOT_FOUND,
                    message.method() + " is not served on /mcp, where every server is one; call it on /mcp/<server>"));
        }
    }

    /** A session with each server at once; the ones that fail to begin one are left out of it. */
    private void initialize(AggregateExchange exchange) {
        JsonRpc.Message message = exchange.message();
        McpFanOut.ask(upstreams, exchange.visitor().token(), exchange.servers(), exchange::headers, server -> message.tree()).onSuccess(answers -> {
            Map<String, String> members = new HashMap<>(); // each server that began one: its session id, "" if it keeps none
            StringBuilder instructions = new StringBuilder("Tools of the MCP servers you may use, each named <server>"
                    + McpServer.TOOL_SEPARATOR + "<tool>.");
            for (McpFanOut.Answer answer : answers) {
                if (!answer.succeeded()) {
                    continue;
                }
                String upstreamId = answer.headers().get(McpEndpoint.SESSION);
                members.put(answer.server().name(), upstreamId == null ? "" : upstreamId);
                String theirs = answer.result().path("instructions").asText("");
                instructions.append("\n").append(answer.server().name()).append(": ")
                        .append(theirs.isEmpty() ? answer.server().description() == null ? "" : answer.server().description() : theirs);
            }
            String requested = message.params().path("protocolVersion").asText("");
            ObjectNode result = NODES.objectNode().put("protocolVersion", McpRevisions.SESSIONS.contains(requested) ? requested
                    : McpRevisions.LATEST_SESSION);
            result.set("capabilities", capabilities());
            result.putObject("serverInfo").put("name", "modelgate").put("version", "1");
            result.put("instructions", instructions.toString());
            exchange.http().response().putHeader(McpEndpoint.SESSION, sessions.seal(new SealedSessions.Session(SealedSessions.AGGREGATE,
                    members, exchange.visitor().owner(), result.get("protocolVersion").asText(), Instant.now())));
            exchange.answer(result);
        });
    }

    private static ObjectNode capabilities() {
        ObjectNode capabilities = NODES.objectNode();
        capabilities.putObject("tools").put("listChanged", false);
        capabilities.putObject("prompts").put("listChanged", false);
        capabilities.putObject("resources").put("listChanged", false).put("subscribe", true); // updates come on the merged stream
        capabilities.putObject("completions");
        capabilities.putObject("logging");
        return capabilities;
    }

    private static ObjectNode discover() {
        ObjectNode result = NODES.objectNode().put("resultType", "complete");
        result.putArray("supportedVersions").addAll(List.of(NODES.textNode(McpRevisions.STATELESS)));
        result.set("capabilities", capabilities());
        result.putObject("_meta").putObject("io.modelcontextprotocol/serverInfo").put("name", "modelgate").put("version", "1");
        return result.put("ttlMs", 0).put("cacheScope", "private");
    }

    /** A call of {@code <server>__<name>}: on that server, as {@code <name>}; the answer streams back as it comes. */
    private void route(AggregateExchange exchange) {
        JsonRpc.Message message = exchange.message();
        String prefixed = message.named();
        int split = prefixed == null ? -1 : prefixed.indexOf(McpServer.TOOL_SEPARATOR);
        Optional<ServedMcpServer> server = split <= 0 ? Optional.empty() : exchange.server(prefixed.substring(0, split));
        if (server.isEmpty()) {
            McpGate.refuse(exchange.http(), "tool_not_permitted", 200, JsonRpc.error(message.id(), JsonRpc.INVALID_PARAMS, prefixed == null
                    ? message.method() + " needs params.name" : "No tool or prompt named '" + prefixed + "' is yours to use: names on /mcp"
                    + " are <server>" + McpServer.TOOL_SEPARATOR + "<name>, of a server your roles reach"));
            return;
        }
        String name = prefixed.substring(split + McpServer.TOOL_SEPARATOR.length());
        McpCall.of(exchange.http()).server = server.get().name();
        ObjectNode renamed = message.tree().deepCopy();
        renamed.with("params").put("name", name);
        JsonRpc.Message upstreamMessage = new JsonRpc.Message(message.kind(), message.id(), message.method(), (ObjectNode) renamed.get("params"), renamed);
        if ("tools/call".equals(message.method())) {
            byte[] refusal = McpTools.refusal(exchange.http(), exchange.visitor(), server.get().name(), upstreamMessage);
            if (refusal != null) {
                McpGate.refuse(exchange.http(), "tool_not_permitted", 200, refusal);
                return;
            }
            if (!limits.admit(exchange.http(), exchange.visitor(), server.get().name(), message)) {
                return;
            }
        }
        MultiMap headers = McpHeaders.renamed(exchange.headers(server.get()), name);
        String serverName = server.get().name(); // its requests mid-call carry ids the caller's answers are routed back by
        McpRelay.relay(gate, exchange.http(), serverName, message.id(), upstreams.send(server.get(), exchange.visitor().token(), HttpMethod.POST, headers,
                Buffer.buffer(renamed.toString())), answer -> {
        }, null, sent -> AggregateMessages.fromServer(serverName, sent));
    }
}
