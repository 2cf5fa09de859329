package io.modelgate.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A model server behind Keycloak, as an internal LLM endpoint would be: {@code /<lane>/v1/chat/completions}
 * answers only a bearer token that Keycloak signed for client {@code gateway-upstream} with scope
 * {@code llm.invoke} and audience {@code model-server}. It also offers {@code /token/<lane>}, a pass-through
 * to Keycloak's token endpoint that counts requests, so tests can see how often Modelgate asks for a token.
 * Lanes keep the counts of different credentials (and tests) apart. Beside it, {@code /mcp} is a wiki MCP server that
 * answers only a token exchanged for a caller's (audience {@code wiki-mcp}).
 */
public final class ProtectedModelServer {

    /** A token the model server accepted: when, and the token's issue time. */
    public record Accepted(Instant at, long issuedAt, String tokenId) {
    }

    private final String tokenEndpoint;
    private final JwtConsumer verifier;
    private final JwtConsumer mcpVerifier;
    private final List<String> mcpCallers = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private final HttpClient client = HttpClient.newHttpClient();
    private final Map<String, AtomicInteger> tokenRequests = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> rejected = new ConcurrentHashMap<>();
    private final Map<String, List<Accepted>> accepted = new ConcurrentHashMap<>();

    public ProtectedModelServer(String realmUrl) throws IOException {
        this.tokenEndpoint = realmUrl + "/protocol/openid-connect/token";
        HttpsJwks jwks = new HttpsJwks(realmUrl + "/protocol/openid-connect/certs");
        this.verifier = new JwtConsumerBuilder()
                .setVerificationKeyResolver(new HttpsJwksVerificationKeyResolver(jwks))
                .setExpectedIssuer(realmUrl)
                .setExpectedAudience("model-server")
                .setRequireExpirationTime()
                .setAllowedClockSkewInSeconds(0)
                .build();
        this.mcpVerifier = new JwtConsumerBuilder()
                .setVerificationKeyResolver(new HttpsJwksVerificationKeyResolver(jwks))
                .setExpectedIssuer(realmUrl)
                .setExpectedAudience("wiki-mcp")
                .setRequireExpirationTime()
                .build();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.createContext("/token/", this::proxyToken);
        server.createContext("/mcp", this::mcp);
        server.createContext("/", this::chat);
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public int tokenRequests(String lane) {
        return tokenRequests.computeIfAbsent(lane, l -> new AtomicInteger()).get();
    }

    public int rejected(String lane) {
        return rejected.computeIfAbsent(lane, l -> new AtomicInteger()).get();
    }

    public List<Accepted> accepted(String lane) {
        return List.copyOf(accepted.computeIfAbsent(lane, l -> new CopyOnWriteArrayList<>()));
    }

    private static String lane(HttpExchange exchange, int segment) {
        String[] parts = exchange.getRequestURI().getPath().split("/");
        return parts.length > segment ? parts[segment] : "";
    }

    /** Whom the MCP server's accepted tokens named ({@code preferred_username}), one per call. */
    public List<String> mcpCallers() {
        return List.copyOf(mcpCallers);
    }

    public void stop() {
        server.stop(0);
    }

    private void proxyToken(HttpExchange exchange) throws IOException {
        tokenRequests.computeIfAbsent(lane(exchange, 2), l -> new AtomicInteger()).incrementAndGet();
        byte[] body = exchange.getRequestBody().readAllBytes();
        HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create(tokenEndpoint))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", exchange.getRequestHeaders().getFirst("Content-Type"));
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization != null) {
            forward.header("Authorization", authorization);
        }
        try {
            HttpResponse<byte[]> response = client.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
            Exchanges.json(exchange, response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            Exchanges.json(exchange, 502, "{\"error\":\"proxy_interrupted\"}");
        }
    }

    /**
     * A wiki MCP server ({@code /mcp}, stateless): answers only a token Keycloak signed for audience {@code wiki-mcp} —
     * one exchanged for a caller's — and greets whom it names.
     */
    private void mcp(HttpExchange exchange) throws IOException {
        com.fasterxml.jackson.databind.JsonNode message = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(exchange.getRequestBody().readAllBytes());
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        try {
            if (authorization == null || !authorization.startsWith("Bearer ")) {
                throw new IllegalArgumentException("no bearer token");
            }
            String user = mcpVerifier.processToClaims(authorization.substring(7)).getStringClaimValue("preferred_username");
            mcpCallers.add(user);
            Exchanges.json(exchange, 200, "{\"jsonrpc\":\"2.0\",\"id\":" + message.get("id") + ",\"result\":{\"content\":[{\"type\":\"text\","
                    + "\"text\":\"hello " + user + "\"}]}}");
        } catch (InvalidJwtException | IllegalArgumentException | org.jose4j.jwt.MalformedClaimException e) {
            Exchanges.json(exchange, 401, "{\"error\":\"invalid_token\"}");
        }
    }

    private void chat(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        String lane = lane(exchange, 1);
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        try {
            if (authorization == null || !authorization.startsWith("Bearer ")) {
                throw new IllegalArgumentException("no bearer token");
            }
            JwtClaims claims = verifier.processToClaims(authorization.substring(7));
            String scope = claims.getStringClaimValue("scope");
            if (!"gateway-upstream".equals(claims.getStringClaimValue("azp"))
                    || scope == null || !List.of(scope.split(" ")).contains("llm.invoke")) {
                throw new IllegalArgumentException("wrong client or scope");
            }
            accepted.computeIfAbsent(lane, l -> new CopyOnWriteArrayList<>()).add(new Accepted(Instant.now(), claims.getIssuedAt().getValue(), claims.getJwtId()));
            Exchanges.json(exchange, 200, "{\"id\":\"chatcmpl-protected\",\"object\":\"chat.completion\",\"created\":1700000000,"
                    + "\"model\":\"protected\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
                    + "\"verified\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1,\"total_tokens\":2}}");
        } catch (InvalidJwtException | IllegalArgumentException | org.jose4j.jwt.MalformedClaimException e) {
            rejected.computeIfAbsent(lane, l -> new AtomicInteger()).incrementAndGet();
            Exchanges.json(exchange, 401, "{\"error\":{\"message\":\"invalid token\",\"type\":\"invalid_request_error\"}}");
        }
    }

}
