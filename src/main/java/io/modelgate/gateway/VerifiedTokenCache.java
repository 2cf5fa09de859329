package io.modelgate.gateway;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Tokens Quarkus OIDC has verified, so a caller's next requests skip the signature check: keyed by the
 * SHA-256 of the token (the token itself is not kept), holding its top-level claims as plain values,
 * each entry gone when the token expires or after {@code max-age} at the latest, the number bounded.
 * Roles are mapped against the policy in force, again whenever a new policy snapshot is active.
 */
final class VerifiedTokenCache {

    /**
     * What the gateway needs of a verified token, plus the caller it resolved to under the last policy it
     * was used with: roles are mapped once per token and policy, not on every request.
     */
    static final class VerifiedToken {
        private final Map<String, Object> claims;
        private final Instant expiresAt;
        private volatile ResolvedCaller resolved;

        VerifiedToken(Map<String, Object> claims, Instant expiresAt) {
            this.claims = claims;
            this.expiresAt = expiresAt;
        }

        Map<String, Object> claims() {
            return claims;
        }

        Instant expiresAt() {
            return expiresAt;
        }

        /** The caller for {@code policy}, mapping the roles only if the policy changed since the last call. */
        Caller callerUnder(Object policy, Function<Map<String, Object>, Caller> resolve) {
            ResolvedCaller last = resolved;
            if (last != null && last.policy() == policy) {
                return last.caller();
            }
            Caller caller = resolve.apply(claims);
            resolved = new ResolvedCaller(policy, caller);
            return caller;
        }

        private record ResolvedCaller(Object policy, Caller caller) {
        }
    }

    /**
     * A SHA-256 and a scratch buffer per thread: hashing a token then allocates nothing but the digest, where
     * a clone of a shared digest plus the token's bytes cost ~1.6 KB per request (mostly young-GC pressure).
     */
    private static final ThreadLocal<TokenHasher> HASHER = ThreadLocal.withInitial(TokenHasher::new);

    /** Null when caching is turned off (max-entries 0): every request is verified. */
    private final Cache<ByteBuffer, VerifiedToken> cache;

    VerifiedTokenCache(long maxEntries, Duration maxAge) {
        long maxAgeNanos = maxAge.toNanos();
        this.cache = maxEntries <= 0 ? null : Caffeine.newBuilder()
                .maximumSize(maxEntries)
                // maintenance on the calling event loop: handing it to the common pool wakes a thread per batch
                .executor(Runnable::run)
                .expireAfter(new Expiry<ByteBuffer, VerifiedToken>() {
                    @Override
                    public long expireAfterCreate(ByteBuffer key, VerifiedToken token, long now) {
                        long untilExpiry = Duration.between(Instant.now(), token.expiresAt()).toNanos();
                        return Math.max(0, Math.min(untilExpiry, maxAgeNanos));
                    }

                    @Override
                    public long expireAfterUpdate(ByteBuffer key, VerifiedToken token, long now, long current) {
                        return expireAfterCreate(key, token, now);
                    }

                    @Override
                    public long expireAfterRead(ByteBuffer key, VerifiedToken token, long now, long current) {
                        return current;
                    }
                })
                .build();
    }

    /** The verified token, if this very token was verified before and has not expired; no copy of it is made. */
    Optional<VerifiedToken> get(CharSequence token) {
        ByteBuffer key = cache == null ? null : HASHER.get().key(token);
        if (key == null) {
            return Optional.empty();
        }
        VerifiedToken cached = cache.getIfPresent(key);
        // expiry is also checked here: Caffeine may return an entry a little after its time
        return cached != null && Instant.now().isBefore(cached.expiresAt()) ? Optional.of(cached) : Optional.empty();
    }

    void put(CharSequence token, VerifiedToken verified) {
        ByteBuffer key = cache == null ? null : HASHER.get().key(token);
        if (key != null && Instant.now().isBefore(verified.expiresAt())) {
            cache.put(key, verified);
        }
    }

    private static final class TokenHasher {
        private final MessageDigest sha256;
        private byte[] scratch = new byte[2048];

        TokenHasher() {
            try {
                sha256 = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        /**
         * The token's SHA-256, as a ByteBuffer because its equals and hashCode compare the content; null for
         * a token with a character outside ASCII, which no JWT has: such a token is never cached, so two
         * different tokens can never share a key.
         */
        ByteBuffer key(CharSequence token) {
            int length = token.length();
            if (scratch.length < length) {
                scratch = new byte[Math.max(length, 2 * scratch.length)];
            }
            try {
                for (int i = 0; i < length; i++) {
                    char c = token.charAt(i);
                    if (c > 0x7f) {
                        return null;
                    }
                    scratch[i] = (byte) c;
                }
                sha256.update(scratch, 0, length);
                return ByteBuffer.wrap(sha256.digest());
            } finally {
                Arrays.fill(scratch, 0, length, (byte) 0); // no copy of the token outlives the request
            }
        }
    }
}
