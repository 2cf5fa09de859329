package io.modelgate.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelgate.policy.McpServer;
import io.modelgate.snapshot.ServedMcpServer;
import io.vertx.core.Future;
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
 * session with each server, all sealed into the one id the caller holds. Resources, completions and subscriptions
 * are per server: {@code /mcp/<server>}.
 */
@Singleton
class McpAggregate {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int MAX_PAGES = 20;
    /** The methods the 2026-07-28 revision removed: a request of that revision naming one is answered 404 / -32601. */
    private static final Set<String> REMOVED_IN_STATELESS = Set.of("initialize", "ping", "logging/setLevel");

    private final McpGate gate;
    private final McpUpstream upstreams;
    private final McpLimits limits;
    private final SealedSessions sessions;

    McpAggregate(McpGate gate, McpUpstreams upstreams, McpLimits limits, McpSessionKey key) {
        this.gate = gate;
        this.upstreams = upstreams;
        this.limits = limits;
        this.sessions = key.sessions();
    }

    /** One exchange: who, what they sent, the servers in play and each one's session there. */
    private record Exchange(RoutingContext http, McpGate.Visitor visitor, JsonRpc.Message message, List<ServedMcpServer> servers,
            Map<String, String> upstreamSessions, boolean stateless) {

        MultiMap headers(ServedMcpServer server) {
            return McpEndpoint.upstreamHeaders(http.request(), upstreamSessions.get(server.name()));
        }

        Optional<ServedMcpServer> server(String name) {
            return servers.stream().filter(s -> s.name().equals(name)).findFirst();
        }
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
            serve(new Exchange(http, arrival.visitor(), message, reachable, upstreamSessions, stateless));
        });
    }

    /** GET: the aggregate has no stream of its own (the spec allows 405); DELETE ends the session with every server. */
    void streamOrEnd(RoutingContext http) {
        gate.admit(http).onSuccess(visitor -> {
            if (http.request().method() != HttpMethod.DELETE) {
                McpGate.answer(http, 405, JsonRpc.error(null, JsonRpc.INVALID_REQUEST,
                        "/mcp has no server stream; a server's own messages come on /mcp/<server>"));
                return;
            }
            Optional<SealedSessions.Session> session = Optional.ofNullable(http.request().getHeader(McpEndpoint.SESSION))
                    .flatMap(id -> sessions.open(id, SealedSessions.AGGREGATE, visitor.owner(), Instant.now()));
            if (session.isEmpty()) {
                McpGate.sessionNotFound(http, null);
                return;
            }
            session.get().upstreams().forEach((name, upstreamId) -> visitor.snapshot().mcpServer(name)
                    .filter(server -> !upstreamId.isEmpty()) // a server that keeps no session has none to end
                    .ifPresent(server -> upstreams.send(server, visitor.token(), HttpMethod.DELETE, McpEndpoint.upstreamHeaders(http.request(), upstreamId), null)
                            .onSuccess(answer -> answer.discard())));
            http.response().setStatusCode(204).end();
        });
    }

    private static List<ServedMcpServer> reachable(McpGate.Visitor visitor) {
        return visitor.snapshot().mcpAccess().servers(visitor.caller().gatewayRoles()).stream()
                .map(name -> visitor.snapshot().mcpServer(name)).flatMap(Optional::stream).toList();
    }

    private void serve(Exchange exchange) {
        JsonRpc.Message message = exchange.message();
        McpCall.of(exchange.http()).server = "*"; // all of them, until a call names its one
        if (message.kind() != JsonRpc.Kind.REQUEST) { // notifications and the caller's answers: every server of the session hears them
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
            case "ping" -> answer(exchange, NODES.objectNode());
            case "server/discover" -> answer(exchange, discover());
            case "tools/list" -> list(exchange, "tools");
            case "prompts/list" -> list(exchange, "prompts");
            case "tools/call", "prompts/get" -> route(exchange);
            case "logging/setLevel" -> McpFanOut.ask(upstreams, exchange.visitor().token(), exchange.servers(), exchange::headers, server -> message.tree())
                    .onSuccess(answers -> answer(exchange, NODES.objectNode()));
            default -> McpGate.answer(exchange.http(), exchange.stateless() ? 404 : 200, JsonRpc.error(message.id(), JsonRpc.METHOD_NOT_FOUND,
                    message.method() + " is not served on /mcp, where every server is one; call it on /mcp/<server>"));
        }
    }

    /** A session with each server at once; the ones that fail to begin one are left out of it. */
    private void initialize(Exchange exchange) {
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
            answer(exchange, result);
        });
    }

    private static ObjectNode capabilities() {
        ObjectNode capabilities = NODES.objectNode();
        capabilities.putObject("tools").put("listChanged", false);
        capabilities.putObject("prompts").put("listChanged", false);
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

    /** Every server's list (all its pages), what the caller may use of it, each name prefixed with its server's. */
    private void list(Exchange exchange, String kind) {
        List<ServedMcpServer> servers = exchange.stateless() ? exchange.servers()
                : exchange.servers().stream().filter(s -> exchange.upstreamSessions().containsKey(s.name())).toList();
        List<Future<ArrayNode>> lists = servers.stream().map(server -> pages(exchange, server, kind, null, NODES.arrayNode(), 0)).toList();
        Future.join(lists).onComplete(done -> {
            ArrayNode all = NODES.arrayNode();
            for (int i = 0; i < servers.size(); i++) {
                String server = servers.get(i).name();
                if (lists.get(i).failed()) {
                    continue; // a server that fails lists nothing; the others still do
                }
                for (JsonNode item : lists.get(i).result()) {
                    String name = item.path("name").asText("");
                    if (!name.isEmpty() && ("prompts".equals(kind) || McpTools.visible(exchange.visitor(), server, name))) {
                        all.add(((ObjectNode) item.deepCopy()).put("name", server + McpServer.TOOL_SEPARATOR + name));
                    }
                }
            }
            ObjectNode result = NODES.objectNode();
            result.set(kind, all);
            if (exchange.stateless()) {
                result.put("resultType", "complete").put("ttlMs", 0).put("cacheScope", "private"); // decided per caller: never shared
            }
            answer(exchange, result);
        });
    }

    private Future<ArrayNode> pages(Exchange exchange, ServedMcpServer server, String kind, String cursor, ArrayNode items, int page) {
        ObjectNode request = exchange.message().tree().deepCopy();
        ObjectNode params = request.with("params");
        if (cursor == null) {
            params.remove("cursor");
        } else {
            params.put("cursor", cursor);
        }
        return McpFanOut.ask(upstreams, exchange.visitor().token(), List.of(server), exchange::headers, s -> request).compose(answers -> {
            McpFanOut.Answer answer = answers.get(0);
            if (!answer.succeeded()) {
                return Future.failedFuture(answer.response().path("error").path("message").asText("failed"));
            }
            answer.result().path(kind).forEach(items::add);
            String next = answer.result().path("nextCursor").asText(null);
            return next == null || next.isEmpty() || page + 1 >= MAX_PAGES ? Future.succeededFuture(items)
                    : pages(exchange, server, kind, next, items, page + 1);
        });
    }

    /** A call of {@code <server>__<name>}: on that server, as {@code <name>}; the answer streams back as it comes. */
    private void route(Exchange exchange) {
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
        MultiMap headers = exchange.headers(server.get());
        if (headers.contains(McpHeaders.NAME)) {
            headers.set(McpHeaders.NAME, McpHeaders.encoded(name)); // what the server checks against the body
        }
        McpRelay.relay(gate, exchange.http(), server.get().name(), message.id(), upstreams.send(server.get(), exchange.visitor().token(), HttpMethod.POST, headers,
                Buffer.buffer(renamed.toString())), answer -> {
        }, null);
    }

    private static void answer(Exchange exchange, JsonNode result) {
        McpGate.answer(exchange.http(), 200, JsonRpc.result(exchange.message().id(), result));
    }
}
