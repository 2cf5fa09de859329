package io.modelgate.identity;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * A caller token's SHA-256, the key under which whatever is kept for a token is found without keeping the token
 * itself (the verified tokens; the tokens exchanged for them). A digest and a scratch buffer per thread: hashing a
 * token then allocates nothing but the digest, where a clone of a shared digest plus the token's bytes cost ~1.6 KB
 * per request (mostly young-GC pressure).
 */
public final class TokenDigest {

    private static final ThreadLocal<TokenDigest> PER_THREAD = ThreadLocal.withInitial(TokenDigest::new);

    private final MessageDigest sha256;
    private byte[] scratch = new byte[2048];

    private TokenDigest() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The token's SHA-256, as a ByteBuffer because its equals and hashCode compare the content; null for a token with
     * a character outside ASCII, which no JWT has: such a token is never kept, so two different tokens can never share
     * a key.
     */
    public static ByteBuffer of(CharSequence token) {
        return PER_THREAD.get().key(token);
    }

    private ByteBuffer key(CharSequence token) {
        int length = token.length();
        if (scratch.length < length) {
            scratch = new byte[Math.max(length, 2 * scratch.length)];
        }
        try {
            if (!ascii(token, length)) {
                return null;
            }
            sha256.update(scratch, 0, length);
            return ByteBuffer.wrap(sha256.digest());
        } finally {
            Arrays.fill(scratch, 0, length, (byte) 0); // no copy of the token outlives the request
        }
    }

    /** Copies the token into the scratch bytes; false when it has a character outside ASCII. */
    private boolean ascii(CharSequence token, int length) {
        if (token instanceof CallerToken.HeaderText header) { // the usual case, read without an indirection per character
            return header.asciiInto(scratch);
        }
        for (int i = 0; i < length; i++) {
            char c = token.charAt(i);
            if (c > 0x7f) {
                return false;
            }
            scratch[i] = (byte) c;
        }
        return true;
    }
}
