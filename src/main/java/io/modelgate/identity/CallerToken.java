package io.modelgate.identity;

import io.modelgate.error.ErrorKind;
import io.modelgate.error.GatewayException;
import io.vertx.core.MultiMap;

import java.util.List;

/**
 * Where a caller's token is found: {@code Authorization: Bearer <token>}, and on Anthropic's paths also
 * {@code x-api-key: <token>} (what Anthropic's SDKs and Claude Code send from {@code ANTHROPIC_API_KEY}). A request
 * must not leave the gateway to guess: two {@code Authorization} headers, or a bearer token and an
 * {@code x-api-key} that differ, are refused. Pure: headers in, the token (a view of the header, not a copy) out.
 */
public final class CallerToken {

    public static final String API_KEY_HEADER = "x-api-key";

    private CallerToken() {
    }

    /** The token the request carries; throws the caller's error when there is none or it is ambiguous. */
    public static CharSequence of(MultiMap headers, boolean apiKeyAccepted) {
        CharSequence bearer = bearer(single(headers, "Authorization"));
        CharSequence apiKey = apiKeyAccepted ? trimmed(single(headers, API_KEY_HEADER)) : null;
        if (apiKey != null && apiKey.isEmpty()) {
            apiKey = null;
        }
        if (bearer != null && apiKey != null && CharSequence.compare(bearer, apiKey) != 0) {
            throw new GatewayException(ErrorKind.INVALID_REQUEST,
                    "The request carries one token in Authorization and another in x-api-key; send one of them.");
        }
        CharSequence token = bearer != null ? bearer : apiKey;
        if (token == null || token.isEmpty()) {
            throw new GatewayException(ErrorKind.MISSING_TOKEN, apiKeyAccepted
                    ? "No token was sent. Send 'Authorization: Bearer <token>' or 'x-api-key: <token>' with a token from your identity provider."
                    : "No bearer token was sent. Send 'Authorization: Bearer <token>' with a token from your identity provider.");
        }
        return token;
    }

    /** The one value of a header, null when absent; several are refused. */
    private static String single(MultiMap headers, String name) {
        String first = headers.get(name);
        if (first == null) {
            return null;
        }
        List<String> all = headers.getAll(name);
        if (all.size() > 1) {
            throw new GatewayException(ErrorKind.INVALID_REQUEST,
                    "The request carries " + all.size() + " " + name + " headers; send exactly one.");
        }
        return first;
    }

    private static CharSequence bearer(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return null;
        }
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7) || authorization.length() <= 7) {
            throw new GatewayException(ErrorKind.INVALID_TOKEN, "The Authorization header must be 'Bearer <token>'.");
        }
        CharSequence token = trimmed(authorization, 7);
        if (token.isEmpty()) {
            throw new GatewayException(ErrorKind.INVALID_TOKEN, "The Authorization header must be 'Bearer <token>'.");
        }
        return token;
    }

    private static CharSequence trimmed(String value) {
        return value == null ? null : trimmed(value, 0);
    }

    /** A view of {@code value} from {@code from} on, without surrounding white space. */
    private static CharSequence trimmed(String value, int from) {
        int start = from;
        int end = value.length();
        while (start < end && value.charAt(start) <= ' ') {
            start++;
        }
        while (end > start && value.charAt(end - 1) <= ' ') {
            end--;
        }
        return new HeaderText(value, start, end);
    }

    /** Part of a header's value, not copied: read by index straight from the header's string. */
    record HeaderText(String header, int start, int end) implements CharSequence {

        @Override
        public int length() {
            return end - start;
        }

        @Override
        public char charAt(int index) {
            return header.charAt(start + index);
        }

        @Override
        public CharSequence subSequence(int from, int to) {
            return new HeaderText(header, start + from, start + to);
        }

        /** Its characters as bytes into {@code bytes}; false (and only part copied) if one is outside ASCII. */
        boolean asciiInto(byte[] bytes) {
            for (int i = start; i < end; i++) {
                char c = header.charAt(i);
                if (c > 0x7f) {
                    return false;
                }
                bytes[i - start] = (byte) c;
            }
            return true;
        }

        @Override
        public String toString() {
            return header.substring(start, end);
        }
    }
}
