package io.modelgate.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.Base64;
import java.util.Optional;

/**
 * The routing facts of a compact JWT, read WITHOUT verifying it: the header's {@code kid} and the
 * payload's {@code iss}. Used only to choose which trusted issuer verifies the token; nothing read here
 * is trusted until that verification succeeds.
 */
public record UnverifiedJwt(String kid, String issuer) {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Larger headers are not inspected (the HTTP layer limits them anyway). */
    private static final int MAX_TOKEN_LENGTH = 16 * 1024;

    /** Reads a {@code Bearer} header value; empty when it is absent or not a compact JWS. */
    public static Optional<UnverifiedJwt> fromAuthorization(String authorization) {
        if (authorization == null || authorization.length() > MAX_TOKEN_LENGTH + 7
                || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String[] parts = authorization.substring(7).trim().split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
            JsonNode payload = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            return Optional.of(new UnverifiedJwt(text(header, "kid"), text(payload, "iss")));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }
}
