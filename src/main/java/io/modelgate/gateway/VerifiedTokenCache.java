package io.modelgate.gateway;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * Tokens Quarkus OIDC has verified, so a caller's next requests skip the signature check: keyed by the
 * SHA-256 of the token (the token itself is not kept), holding its top-level claims as plain values,
 * each entry gone when the token expires or after {@code max-age} at the latest, the number bounded.
 * Roles are still mapped per request against the policy in force.
 */
final class VerifiedTokenCache {

    /** What the gateway needs of a verified token. */
    record VerifiedToken(Map<String, Object> claims, Instant expiresAt) {
    }

    /** Null when caching is turned off (max-entries 0): every request is verified. */
    private final Cache<String, VerifiedToken> cache;

    VerifiedTokenCache(long maxEntries, Duration maxAge) {
        long maxAgeNanos = maxAge.toNanos();
        this.cache = maxEntries <= 0 ? null : Caffeine.newBuilder()
                .maximumSize(maxEntries)
                .expireAfter(new Expiry<String, VerifiedToken>() {
                    @Override
                    public long expireAfterCreate(String key, VerifiedToken token, long now) {
                        long untilExpiry = Duration.between(Instant.now(), token.expiresAt()).toNanos();
                        return Math.max(0, Math.min(untilExpiry, maxAgeNanos));
                    }

                    @Override
                    public long expireAfterUpdate(String key, VerifiedToken token, long now, long current) {
                        return expireAfterCreate(key, token, now);
                    }

                    @Override
                    public long expireAfterRead(String key, VerifiedToken token, long now, long current) {
                        return current;
                    }
                })
                .build();
    }

    Optional<VerifiedToken> get(String token) {
        if (cache == null) {
            return Optional.empty();
        }
        VerifiedToken cached = cache.getIfPresent(key(token));
        // expiry is also checked here: Caffeine may return an entry a little after its time
        return cached != null && Instant.now().isBefore(cached.expiresAt()) ? Optional.of(cached) : Optional.empty();
    }

    void put(String token, VerifiedToken verified) {
        if (cache != null && Instant.now().isBefore(verified.expiresAt())) {
            cache.put(key(token), verified);
        }
    }

    private static String key(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
