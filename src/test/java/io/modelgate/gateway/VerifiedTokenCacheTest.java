package io.modelgate.gateway;

import io.modelgate.gateway.VerifiedTokenCache.VerifiedToken;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Verified tokens are found again only for the very same token, and never past their expiry or max age. */
class VerifiedTokenCacheTest {

    private static VerifiedToken expiringIn(Duration duration) {
        return new VerifiedToken(Map.of("sub", "alice"), Instant.now().plus(duration));
    }

    @Test
    void onlyTheSameTokenHits() {
        VerifiedTokenCache cache = new VerifiedTokenCache(100, Duration.ofMinutes(5));
        cache.put("header.payload.signature", expiringIn(Duration.ofMinutes(1)));
        assertEquals("alice", cache.get("header.payload.signature").orElseThrow().claims().get("sub"));
        assertTrue(cache.get("header.payload.signaturf").isEmpty());
        assertTrue(cache.get("header.payload").isEmpty());
    }

    @Test
    void anEntryEndsWhenItsTokenExpires() throws InterruptedException {
        VerifiedTokenCache cache = new VerifiedTokenCache(100, Duration.ofMinutes(5));
        cache.put("t", expiringIn(Duration.ofMillis(300)));
        assertTrue(cache.get("t").isPresent());
        Thread.sleep(400);
        assertTrue(cache.get("t").isEmpty());
    }

    @Test
    void anAlreadyExpiredTokenIsNotKept() {
        VerifiedTokenCache cache = new VerifiedTokenCache(100, Duration.ofMinutes(5));
        cache.put("t", expiringIn(Duration.ofSeconds(-1)));
        assertTrue(cache.get("t").isEmpty());
    }

    @Test
    void aLongLivedTokenIsVerifiedAgainAfterTheMaxAge() throws InterruptedException {
        VerifiedTokenCache cache = new VerifiedTokenCache(100, Duration.ofMillis(300));
        cache.put("t", expiringIn(Duration.ofHours(1)));
        assertTrue(cache.get("t").isPresent());
        Thread.sleep(700);
        assertTrue(cache.get("t").isEmpty());
    }

    @Test
    void zeroEntriesTurnsItOff() {
        VerifiedTokenCache cache = new VerifiedTokenCache(0, Duration.ofMinutes(5));
        cache.put("t", expiringIn(Duration.ofMinutes(1)));
        assertTrue(cache.get("t").isEmpty());
    }
}
