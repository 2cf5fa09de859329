package io.modelgate.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Sessions of the 2025 revisions without state in any replica: the {@code Mcp-Session-Id} a caller holds is the session
 * itself — which server, the upstream's own session id, who began it, when — sealed with AES-GCM under a key the
 * replicas share. Opening checks the seal, the owner and the age, so an id is worthless to anyone but its owner,
 * cannot be forged or altered, and ends by itself. The upstream's id never reaches the caller in the clear.
 */
final class SealedSessions {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final String PREFIX = "mgs1.";

    /**
     * A session: the endpoint it is with ({@code /mcp/<server>}'s server name, or {@link #AGGREGATE}), each upstream
     * server's own session id there (a server that keeps none is absent), its owner, what version it speaks.
     */
    record Session(String endpoint, Map<String, String> upstreams, String owner, String protocolVersion, Instant began) {
        Session {
            upstreams = Map.copyOf(upstreams);
        }

        /** The session id the upstream server gave, or null. */
        String upstreamId(String server) {
            return upstreams.get(server);
        }
    }

    /** The endpoint name of sessions with {@code /mcp}, all servers at once (no server is named so: names hold no {@code *}). */
    static final String AGGREGATE = "*";

    private final SecretKeySpec key;
    private final Duration lifetime;
    private final SecureRandom random = new SecureRandom();

    SealedSessions(byte[] key, Duration lifetime) {
        this.key = new SecretKeySpec(key, "AES");
        this.lifetime = lifetime;
    }

    /** A key derived from another secret for this use alone (HMAC-SHA256 of a label), so the two never coincide. */
    static byte[] derivedKey(byte[] secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal("modelgate mcp sessions v1".getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Who owns sessions: a digest of issuer and subject (the id carries no personal data in the clear, nor at all). */
    static String owner(String issuer, String subject) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((issuer + "\n" + subject).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    String seal(Session session) {
        ObjectNode body = JSON.createObjectNode().put("s", session.endpoint()).put("o", session.owner())
                .put("v", session.protocolVersion()).put("t", session.began().getEpochSecond());
        ObjectNode upstreams = body.putObject("u");
        session.upstreams().forEach(upstreams::put);
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = cipher.doFinal(body.toString().getBytes(StandardCharsets.UTF_8));
            byte[] all = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, all, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, all, NONCE_BYTES, sealed.length);
            return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(all);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The session an id stands for, if it is one of ours, unaltered, of this owner and endpoint, and not over; else empty. */
    Optional<Session> open(String id, String endpoint, String owner, Instant now) {
        if (id == null || !id.startsWith(PREFIX) || id.length() > 8192) {
            return Optional.empty();
        }
        try {
            byte[] all = Base64.getUrlDecoder().decode(id.substring(PREFIX.length()));
            if (all.length <= NONCE_BYTES) {
                return Optional.empty();
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
            JsonNode body = JSON.readTree(cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES));
            Map<String, String> upstreams = new HashMap<>();
            body.path("u").properties().forEach(entry -> upstreams.put(entry.getKey(), entry.getValue().asText()));
            Session session = new Session(body.path("s").asText(), upstreams, body.path("o").asText(), body.path("v").asText(null),
                    Instant.ofEpochSecond(body.path("t").asLong()));
            boolean current = session.began().plus(lifetime).isAfter(now);
            return session.endpoint().equals(endpoint) && session.owner().equals(owner) && current ? Optional.of(session) : Optional.empty();
        } catch (IllegalArgumentException | GeneralSecurityException | java.io.IOException e) {
            return Optional.empty(); // not base64, not sealed by this key, altered: not a session
        }
    }
}
