package io.modelgate.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OpenAI-compatible upstream on 127.0.0.1 that records every call it receives. The first path
 * segment selects its behaviour, so one server plays several upstreams:
 * <ul>
 * <li>{@code /ok/...} answers chat (plain and streamed, 3 chunks 150 ms apart), embeddings, Anthropic's messages, and
 * creates and reads back Responses API answers;</li>
 * <li>{@code /fail500}, {@code /ratelimit} (429, Retry-After: 7), {@code /unauthorized} answer that error;</li>
 * <li>{@code /slow/...} streams 40 chunks 250 ms apart and counts callers that went away;</li>
 * <li>{@code /sized/...} streams a chat answer whole with a {@code Content-Length}, as a proxy or cache in front of
 * OpenAI may: {@code "usage":null} in every chunk, then the usage chunk.</li>
 * </ul>
 * It also writes the test policy (a LiteLLM config pointing at it) and hands Modelgate its path.
 */
public class TestUpstream implements QuarkusTestResourceLifecycleManager {

    public static final String API_KEY_ENV = "MODELGATE_TEST_UPSTREAM_KEY";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static volatile TestUpstream current;

    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final TokenEndpointStub tokenEndpoints = new TokenEndpointStub();
    private Path federatedTokenFile;
    private final AtomicInteger abandonedStreams = new AtomicInteger();
    private final AtomicInteger createdResponses = new AtomicInteger();
    private HttpServer server;
    private int closedPort;

    public static TestUpstream current() {
        if (current == null) {
            throw new IllegalStateException("the test upstream is not running");
        }
        return current;
    }

    /** One call as the upstream saw it; header names are lower case. */
    public record RecordedRequest(String method, String path, String query, Map<String, String> headers, String body) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            try (ServerSocket probe = new ServerSocket(0)) {
                closedPort = probe.getLocalPort(); // free once closed: connections there are refused
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
        current = this;
        // a test environment that brings its own policy (Keycloak's) names it in modelgate.test.keycloak.policy-file;
        // resolved by the application itself, so it holds for @QuarkusTest and packaged-application tests alike
        return Map.of(
                "modelgate.bootstrap.litellm-config", "${modelgate.test.keycloak.policy-file:" + writePolicy("test-policy.yaml") + "}",
                "modelgate.upstream.default-base-url", baseUrl() + "/ok/v1");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
        current = null;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    public void clear() {
        requests.clear();
        abandonedStreams.set(0);
        tokenEndpoints.clear();
    }

    public Path federatedTokenFile() {
        return federatedTokenFile;
    }

    /** The identity-provider endpoints served alongside (see {@link TokenEndpointStub}). */
    public TokenEndpointStub tokenEndpoints() {
        return tokenEndpoints;
    }

    public int abandonedStreams() {
        return abandonedStreams.get();
    }

    /** Writes a policy template from the test classpath with ${UPSTREAM} and ${CLOSED} filled in. */
    private Path writePolicy(String template) {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(template)) {
            if (federatedTokenFile == null) {
                // What a Kubernetes workload-identity webhook mounts: a signed service-account token (opaque here).
                federatedTokenFile = Files.createTempFile("azure-identity-token", ".jwt");
                String claims = "{\"iss\":\"https://oidc.test.local\",\"sub\":\"system:serviceaccount:llm:gateway\","
                        + "\"aud\":[\"api://AzureADTokenExchange\"],\"exp\":" + (System.currentTimeMillis() / 1000 + 86_400) + "}";
                Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
                Files.writeString(federatedTokenFile, b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                        + "." + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".c2lnbmF0dXJl");
                federatedTokenFile.toFile().deleteOnExit();
            }
            String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("${FEDERATED_TOKEN_FILE}", federatedTokenFile.toString())
                    .replace("${UPSTREAM}", baseUrl())
                    .replace("${CLOSED}", "http://127.0.0.1:" + closedPort);
            Path file = Files.createTempFile("modelgate-test-policy", ".yaml");
            Files.writeString(file, yaml);
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("cannot write test policy " + template, e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        if (exchange.getRequestURI().getPath().endsWith("/audio/transcriptions")) {
            upload(exchange);
            return;
        }
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> headers = new java.util.TreeMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
        String path = exchange.getRequestURI().getPath();
        String behaviour = path.split("/")[1];
        if (tokenEndpoints.handles(behaviour)) {
            tokenEndpoints.handle(exchange, behaviour, body);
            return;
        }
        requests.add(new RecordedRequest(exchange.getRequestMethod(), path, exchange.getRequestURI().getQuery(), headers, body));
        switch (behaviour) {
            case "fail500" -> Exchanges.json(exchange, 500, "{\"error\":{\"message\":\"upstream exploded\",\"type\":\"server_error\"}}");
            case "ratelimit" -> {
                exchange.getResponseHeaders().add("Retry-After", "7");
                Exchanges.json(exchange, 429, "{\"error\":{\"message\":\"slow down\",\"type\":\"rate_limit_error\"}}");
            }
            case "unauthorized" -> Exchanges.json(exchange, 401, "{\"error\":{\"message\":\"bad key\",\"type\":\"invalid_request_error\"}}");
            case "badrequest" -> Exchanges.json(exchange, 400, "{\"error\":{\"message\":\"context too long\",\"type\":\"invalid_request_error\",\"param\":\"messages\",\"code\":\"context_length_exceeded\"}}");
            case "slow" -> stream(exchange, modelOf(body), 40, 250);
            case "sized" -> sizedStream(exchange, modelOf(body));
            case "mcp" -> mcp(exchange, body);
            default -> answer(exchange, path, body);
        }
    }

    /**
     * A minimal MCP server ({@code /mcp}): a session of its own on initialize ({@code upstream-session-1}), one tool
     * ({@code echo}), and for a call the name it was asked for; on GET a short stream of its own (a {@code roots/list}
     * request, id 7, and a resource update); what it received is recorded like every call.
     */
    private void mcp(HttpExchange exchange, String body) throws IOException {
        if ("GET".equals(exchange.getRequestMethod())) { // its own stream: a request of its own and a resource update, then the end
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (var out = exchange.getResponseBody()) {
                out.write(("data: {\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"roots/list\"}\n\n"
                        + "data: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/resources/updated\",\"params\":{\"uri\":\"file:///watched.txt\"}}\n\n")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            return;
        }
        JsonNode message = JSON.readTree(body);
        String method = message.path("method").asText();
        if (method.equals("subscriptions/listen") || (method.equals("tools/call") && message.path("params").path("name").asText().equals("ask"))) {
            mcpStream(exchange, message);
            return;
        }
        if (!message.has("id")) {
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
            return;
        }
        String id = message.get("id").toString();
        String result = switch (message.path("method").asText()) {
            case "initialize" -> {
                exchange.getResponseHeaders().add("Mcp-Session-Id", "upstream-session-1");
                yield "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{\"tools\":{}},\"serverInfo\":{\"name\":\"recorded\",\"version\":\"1\"}}";
            }
            case "tools/list" -> "{\"tools\":[{\"name\":\"echo\",\"inputSchema\":{\"type\":\"object\"}}]}";
            case "tools/call" -> "{\"content\":[{\"type\":\"text\",\"text\":\"called " + message.path("params").path("name").asText() + "\"}]}";
            default -> "{}";
        };
        Exchanges.json(exchange, 200, "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":" + result + "}");
    }

    /**
     * A streamed answer: to {@code subscriptions/listen} its acknowledgement (what was asked), an update of each resource
     * asked for, then the end of the subscription; to the tool {@code ask}, an elicitation of its own (id "e1") and then
     * the result.
     */
    private void mcpStream(HttpExchange exchange, JsonNode message) throws IOException {
        String id = message.get("id").toString();
        StringBuilder events = new StringBuilder();
        if (message.path("method").asText().equals("subscriptions/listen")) {
            JsonNode asked = message.path("params").path("notifications");
            String meta = "\"_meta\":{\"io.modelcontextprotocol/subscriptionId\":" + id + "}";
            events.append("data: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/subscriptions/acknowledged\",\"params\":{\"notifications\":")
                    .append(asked).append(",").append(meta).append("}}\n\n");
            for (JsonNode uri : asked.path("resourceSubscriptions")) {
                events.append("data: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/resources/updated\",\"params\":{\"uri\":")
                        .append(uri).append(",").append(meta).append("}}\n\n");
            }
            events.append("data: {\"jsonrpc\":\"2.0\",\"id\":").append(id).append(",\"result\":{\"resultType\":\"complete\",\"_meta\":{}}}\n\n");
        } else {
            events.append("data: {\"jsonrpc\":\"2.0\",\"id\":\"e1\",\"method\":\"elicitation/create\",\"params\":{\"message\":\"Sure?\"}}\n\n")
                    .append("data: {\"jsonrpc\":\"2.0\",\"id\":").append(id)
                    .append(",\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"asked\"}]}}\n\n");
        }
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        try (var out = exchange.getResponseBody()) {
            out.write(events.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    /** An upload is counted as it streams in, not held: a test of the gateway's heap must not measure this one's. */
    private void upload(HttpExchange exchange) throws IOException {
        long size = 0;
        byte[] buffer = new byte[64 * 1024];
        int read;
        try (InputStream in = exchange.getRequestBody()) {
            while ((read = in.read(buffer)) > 0) {
                size += read;
            }
        }
        Map<String, String> headers = new java.util.TreeMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
        requests.add(new RecordedRequest(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), null, headers, size + " bytes"));
        Exchanges.json(exchange, 200, "{\"text\":\"received " + size + " bytes\"}");
    }

    private void answer(HttpExchange exchange, String path, String body) throws IOException {
        if (exchange.getRequestMethod().equals("GET") && path.contains("/v1/responses/")) {
            Exchanges.json(exchange, 200, "{\"id\":\"" + path.substring(path.lastIndexOf('/') + 1) + "\",\"object\":\"response\",\"status\":\"completed\",\"output\":[]}");
            return;
        }
        JsonNode request = JSON.readTree(body);
        String model = modelOf(body);
        if (path.endsWith("/v1/messages/count_tokens")) {
            Exchanges.json(exchange, 200, "{\"input_tokens\":7}");
        } else if (path.endsWith("/v1/messages")) {
            Exchanges.json(exchange, 200, "{\"id\":\"msg_upstream\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"" + model
                    + "\",\"content\":[{\"type\":\"text\",\"text\":\"Hello from the Anthropic upstream\"}],\"stop_reason\":\"end_turn\","
                    + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":5,\"output_tokens\":5}}");
        } else if (path.endsWith("/v1/responses")) {
            Exchanges.json(exchange, 200, "{\"id\":\"resp_upstream_" + createdResponses.incrementAndGet() + "\",\"object\":\"response\","
                    + "\"status\":\"completed\",\"model\":\"" + model + "\",\"output\":[]}");
        } else if (path.endsWith("/embeddings")) {
            Exchanges.json(exchange, 200, "{\"object\":\"list\",\"data\":[{\"object\":\"embedding\",\"index\":0,\"embedding\":[0.25,-0.5,0.75]}],"
                    + "\"model\":\"" + model + "\",\"usage\":{\"prompt_tokens\":2,\"total_tokens\":2}}");
        } else if (request.path("stream").asBoolean(false)) {
            stream(exchange, model, 3, 150);
        } else {
            Exchanges.json(exchange, 200, "{\"id\":\"chatcmpl-upstream\",\"object\":\"chat.completion\",\"created\":1700000000,\"model\":\""
                    + model + "\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hello from the upstream\"},"
                    + "\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":4,\"total_tokens\":9}}");
        }
    }

    private void stream(HttpExchange exchange, String model, int chunks, long delayMs) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        try {
            for (int i = 0; i < chunks; i++) {
                String event = "data: {\"id\":\"chatcmpl-upstream\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\""
                        + model + "\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"part" + i + " \"},\"logprobs\":null,\"finish_reason\":null}]}\n\n";
                out.write(event.getBytes(StandardCharsets.UTF_8));
                out.flush();
                Thread.sleep(delayMs);
            }
            out.write(("data: {\"id\":\"chatcmpl-upstream\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\""
                    + model + "\",\"choices\":[{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.close();
        } catch (IOException e) {
            abandonedStreams.incrementAndGet();
            exchange.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sizedStream(HttpExchange exchange, String model) throws IOException {
        StringBuilder stream = new StringBuilder();
        for (String delta : List.of("{\"role\":\"assistant\",\"content\":\"\"}", "{\"content\":\"sized \"}", "{\"content\":\"answer\"}")) {
            stream.append("data: {\"id\":\"chatcmpl-sized\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"")
                    .append(model).append("\",\"choices\":[{\"index\":0,\"delta\":").append(delta)
                    .append(",\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n");
        }
        stream.append("data: {\"id\":\"chatcmpl-sized\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"").append(model)
                .append("\",\"choices\":[],\"usage\":{\"prompt_tokens\":6,\"completion_tokens\":2,\"total_tokens\":8}}\n\ndata: [DONE]\n\n");
        byte[] bytes = stream.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String modelOf(String body) {
        try {
            return JSON.readTree(body).path("model").asText();
        } catch (IOException e) {
            return "";
        }
    }

}
