package io.modelgate.testing;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Identity-provider endpoints in their documented shapes, served by the {@link TestUpstream}:
 * <ul>
 * <li>{@code /idp/token}: RFC 6749 client credentials (client_secret_basic or client_secret_post), and RFC 8693 token
 * exchange ({@code exchanged-<n>-for-<audience>});</li>
 * <li>{@code /idp-reject/token}: always {@code 401 invalid_client};</li>
 * <li>{@code /azure/<tenant>/oauth2/v2.0/token}: Entra ID v2, with a client secret or a JWT-bearer client assertion;</li>
 * <li>{@code /imds/token}: the managed-identity endpoint (GET, {@code Metadata: true}, {@code expires_on} as a string).</li>
 * </ul>
 * Tokens are opaque ({@code <prefix>-<n>}) and every request is recorded.
 */
public final class TokenEndpointStub {

    public static final String CLIENT_SECRET_ENV = "MODELGATE_TEST_CLIENT_SECRET";
    private static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";

    /** One token request as the stub saw it: how the client authenticated and what it asked for. */
    public record TokenRequest(String path, String method, String clientId, String authentication, Map<String, String> form) {
    }

    private final List<TokenRequest> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger issued = new AtomicInteger();
    private volatile int lifetimeSeconds = 3600;

    public List<TokenRequest> requests() {
        return List.copyOf(requests);
    }

    public void clear() {
        requests.clear();
    }

    public void lifetimeSeconds(int seconds) {
        lifetimeSeconds = seconds;
    }

    boolean handles(String firstSegment) {
        return List.of("idp", "idp-reject", "azure", "imds").contains(firstSegment);
    }

    void handle(HttpExchange exchange, String firstSegment, String body) throws IOException {
        Map<String, String> form = "GET".equals(exchange.getRequestMethod()) ? query(exchange.getRequestURI().getRawQuery()) : query(body);
        String basic = exchange.getRequestHeaders().getFirst("Authorization");
        String clientId = form.get("client_id");
        String authentication = "none";
        String secret = null;
        if (basic != null && basic.startsWith("Basic ")) {
            String[] pair = new String(Base64.getDecoder().decode(basic.substring(6)), StandardCharsets.UTF_8).split(":", 2);
            clientId = URLDecoder.decode(pair[0], StandardCharsets.UTF_8);
            secret = URLDecoder.decode(pair[1], StandardCharsets.UTF_8);
            authentication = "client_secret_basic";
        } else if (form.containsKey("client_secret")) {
            secret = form.get("client_secret");
            authentication = "client_secret_post";
        } else if (form.containsKey("client_assertion")) {
            authentication = "client_assertion";
        } else if ("true".equals(exchange.getRequestHeaders().getFirst("Metadata"))) {
            authentication = "metadata";
        }
        requests.add(new TokenRequest(exchange.getRequestURI().getPath(), exchange.getRequestMethod(), clientId, authentication, form));
        String expected = System.getenv(CLIENT_SECRET_ENV);
        switch (firstSegment) {
            case "idp-reject" -> Exchanges.json(exchange, 401, "{\"error\":\"invalid_client\",\"error_description\":\"Invalid client credentials\"}");
            case "imds" -> {
                if (!"metadata".equals(authentication) || form.get("resource") == null) {
                    Exchanges.json(exchange, 400, "{\"error\":\"invalid_request\",\"error_description\":\"Required metadata header not specified\"}");
                    return;
                }
                long now = System.currentTimeMillis() / 1000;
                Exchanges.json(exchange, 200, "{\"access_token\":\"msi-token-" + issued.incrementAndGet() + "\",\"expires_in\":\""
                        + lifetimeSeconds + "\",\"expires_on\":\"" + (now + lifetimeSeconds) + "\",\"resource\":\""
                        + form.get("resource") + "\",\"token_type\":\"Bearer\"}");
            }
            default -> {
                boolean assertionOk = "client_assertion".equals(authentication)
                        && "urn:ietf:params:oauth:client-assertion-type:jwt-bearer".equals(form.get("client_assertion_type"));
                boolean secretOk = secret != null && secret.equals(expected);
                if (!(secretOk || assertionOk)) {
                    Exchanges.json(exchange, 401, "{\"error\":\"invalid_client\"}");
                    return;
                }
                if (TOKEN_EXCHANGE.equals(form.get("grant_type"))) {
                    exchangeToken(exchange, form);
                    return;
                }
                if (!"client_credentials".equals(form.get("grant_type"))) {
                    Exchanges.json(exchange, 400, "{\"error\":\"unsupported_grant_type\"}");
                    return;
                }
                String prefix = "azure".equals(firstSegment) ? "entra-token" : "idp-token";
                Exchanges.json(exchange, 200, "{\"access_token\":\"" + prefix + "-" + issued.incrementAndGet()
                        + "\",\"token_type\":\"Bearer\",\"expires_in\":" + lifetimeSeconds + "}");
            }
        }
    }

    /** RFC 8693: a subject token of the access-token type traded for one bound to the audience; audience {@code nobody} is refused. */
    private void exchangeToken(HttpExchange exchange, Map<String, String> form) throws IOException {
        if (form.get("subject_token") == null || !"urn:ietf:params:oauth:token-type:access_token".equals(form.get("subject_token_type"))) {
            Exchanges.json(exchange, 400, "{\"error\":\"invalid_request\",\"error_description\":\"subject_token missing\"}");
        } else if ("nobody".equals(form.get("audience"))) {
            Exchanges.json(exchange, 400, "{\"error\":\"invalid_target\",\"error_description\":\"audience not allowed\"}");
        } else {
            Exchanges.json(exchange, 200, "{\"access_token\":\"exchanged-" + issued.incrementAndGet() + "-for-" + form.get("audience")
                    + "\",\"issued_token_type\":\"urn:ietf:params:oauth:token-type:access_token\",\"token_type\":\"Bearer\",\"expires_in\":"
                    + lifetimeSeconds + "}");
        }
    }

    private static Map<String, String> query(String encoded) {
        Map<String, String> values = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return values;
        }
        for (String pair : encoded.split("&")) {
            String[] kv = pair.split("=", 2);
            values.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        return values;
    }

}
