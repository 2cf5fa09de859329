package io.modelgate.identity;

import io.modelgate.identity.VerifiedTokenCache.VerifiedToken;
import org.junit.jupiter.api.Test;

import java.nio.CharBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

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
    void aViewOfTheAuthorizationHeaderFindsTheTokenVerifiedEarlier() {
        VerifiedTokenCache cache = new VerifiedTokenCache(100, Duration.ofMinutes(5));
        cache.put("header.payload.signature", expiringIn(Duration.ofMinutes(1)));
        String authorization = "Bearer header.payload.signature ";
        assertTrue(cache.get(CharBuffer.wrap(authorization, 7, authorization.length() - 1)).isPresent());
        assertTrue(cache.get(CharBuffer.wrap(authorization, 7, authorization.length())).isEmpty());
    }

    @Test
    void aTokenOutsideAsciiIsNeverCachedSoItCannotShareAKeyWithAnother() {
        VerifiedTokenCache cache = new VerifiedTokenCache(100, Duration.ofMinutes(5));
        cache.put("header.payload.signatur\u00e9", expiringIn(Duration.ofMinutes(1)));
        assertTrue(cache.get("header.payload.signatur\u00e9").isEmpty());
        assertTrue(cache.get("header.payload.signatur?").isEmpty());
        // tokens longer than the hasher's first scratch buffer are hashed whole
        String longToken = "a".repeat(5000);
        cache.put(longToken, expiringIn(Duration.ofMinutes(1)));
        assertTrue(cache.get(longToken).isPresent());
        assertTrue(cache.get(longToken.substring(1) + "b").isEmpty());
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

    @Test
    void rolesAreMappedOncePerPolicyAndAgainWhenThePolicyChanges() {
        VerifiedToken token = expiringIn(Duration.ofMinutes(1));
        Object policyV1 = new Object();
        Object policyV2 = new Object();
        AtomicInteger mappings = new AtomicInteger();
        Function<Map<String, Object>, Caller> mapV1 = countingMapping(mappings, Set.of("internal_user"));
        Function<Map<String, Object>, Caller> mapV2 = countingMapping(mappings, Set.of());
        assertEquals(Set.of("internal_user"), token.callerUnder(policyV1, mapV1).gatewayRoles());
        assertEquals(Set.of("internal_user"), token.callerUnder(policyV1, mapV1).gatewayRoles());
        assertEquals(1, mappings.get());
        // a new policy snapshot (e.g. the mapping was revoked) is honoured on the very next request
        assertEquals(Set.of(), token.callerUnder(policyV2, mapV2).gatewayRoles());
        assertEquals(2, mappings.get());
    }

    /** A role mapping that grants {@code gatewayRoles} and counts how often it runs. */
    private static Function<Map<String, Object>, Caller> countingMapping(AtomicInteger runs, Set<String> gatewayRoles) {
        return claims -> {
            runs.incrementAndGet();
            return new Caller(null, (String) claims.get("sub"), null, null, Set.of("dev"), gatewayRoles);
        };
    }
}
