package io.modelgate.identity;

import com.github.benmanes.caffeine.cache.Cache;
import io.quarkus.runtime.annotations.RegisterForReflection;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Tokens Quarkus OIDC has verified, so a caller's next requests skip the signature check: keyed by the
 * SHA-256 of the token (the token itself is not kept), holding its top-level claims as plain values,
 * each entry gone when the token expires or after {@code max-age} at the latest, the number bounded.
 * Roles are mapped against the policy in force, again whenever a new policy snapshot is active.
 */
// Caffeine picks a bounded cache with per-entry expiry's classes by name at run time: the native executable must keep them
@RegisterForReflection(classNames = {"com.github.benmanes.caffeine.cache.SSMSA", "com.github.benmanes.caffeine.cache.PSWMS"})
final class VerifiedTokenCache {

    /**
     * What the gateway needs of a verified token, plus the caller it resolved to under the last policy it
     * was used with: roles are mapped once per token and policy, not on every request.
     */
    static final class VerifiedToken {
        private final Map<String, Object> claims;
        private final long verifiedAtNanos;
        private final long lifetimeNanos;
        private volatile ResolvedCaller resolved;

        /** A token verified just now, valid until {@code expiresAt}. */
        VerifiedToken(Map<String, Object> claims, Instant expiresAt) {
            this.claims = claims;
            this.verifiedAtNanos = System.nanoTime();
            this.lifetimeNanos = Math.max(0, saturatedNanos(Duration.between(Instant.now(), expiresAt)));
        }

        Map<String, Object> claims() {
            return claims;
        }

        /** How much longer this token may be used without verifying it again, in nanoseconds; 0 when done. */
        long remainingNanos(long nowNanos, long maxAgeNanos) {
            long age = nowNanos - verifiedAtNanos;
            return Math.max(0, Math.min(lifetimeNanos, maxAgeNanos) - age);
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

    /** Null when caching is turned off (max-entries 0): every request is verified. */
    private final Cache<ByteBuffer, VerifiedToken> cache;
    private final long maxAgeNanos;

    VerifiedTokenCache(long maxEntries, Duration maxAge) {
        this.maxAgeNanos = saturatedNanos(maxAge);
        this.cache = maxEntries <= 0 ? null : Caffeine.newBuilder()
                .maximumSize(maxEntries)
                // maintenance on the calling event loop: handing it to the common pool wakes a thread per batch
                .executor(Runnable::run)
                .expireAfter(new Expiry<ByteBuffer, VerifiedToken>() {
                    @Override
                    public long expireAfterCreate(ByteBuffer key, VerifiedToken token, long now) {
                        return token.remainingNanos(System.nanoTime(), maxAgeNanos);
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

    /** The verified token, if this very token was verified before and may still be used; no copy of it is made. */
    Optional<VerifiedToken> get(CharSequence token) {
        ByteBuffer key = cache == null ? null : TokenDigest.of(token);
        if (key == null) {
            return Optional.empty();
        }
        VerifiedToken cached = cache.getIfPresent(key);
        // usability is also checked here: Caffeine may return an entry a little after its time
        return cached != null && usable(cached) ? Optional.of(cached) : Optional.empty();
    }

    void put(CharSequence token, VerifiedToken verified) {
        ByteBuffer key = cache == null ? null : TokenDigest.of(token);
        if (key != null && usable(verified)) {
            cache.put(key, verified);
        }
    }

    private boolean usable(VerifiedToken token) {
        return token.remainingNanos(System.nanoTime(), maxAgeNanos) > 0;
    }

    private static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException tooLong) {
            return duration.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }
}
