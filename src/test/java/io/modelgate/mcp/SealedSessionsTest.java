package io.modelgate.mcp;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A session id is the session, sealed: it opens for its owner and server only, unaltered, until it is over. */
class SealedSessionsTest {

    private static final byte[] KEY = new byte[32];
    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");
    private final SealedSessions sessions = new SealedSessions(KEY, Duration.ofHours(1));
    private final String alice = SealedSessions.owner("https://idp", "alice");

    @Test
    void aSealedSessionOpensForItsOwnerAtItsServer() {
        String id = sessions.seal(new SealedSessions.Session("desk", java.util.Map.of("desk", "upstream-123"), alice, "2025-06-18", NOW));
        assertFalse(id.contains("upstream-123"));
        assertTrue(id.chars().allMatch(c -> c >= 0x21 && c <= 0x7E), "visible ASCII, as the spec asks of session ids");
        SealedSessions.Session opened = sessions.open(id, "desk", alice, NOW.plusSeconds(60)).orElseThrow();
        assertEquals("upstream-123", opened.upstreamId("desk"));
        assertEquals("2025-06-18", opened.protocolVersion());
    }

    @Test
    void anotherOwnerServerKeyOrAnAlteredOrOldIdOpensNothing() {
        String id = sessions.seal(new SealedSessions.Session("desk", java.util.Map.of("desk", "u"), alice, "2025-06-18", NOW));
        assertTrue(sessions.open(id, "desk", SealedSessions.owner("https://idp", "bob"), NOW).isEmpty());
        assertTrue(sessions.open(id, "desk", SealedSessions.owner("https://other-idp", "alice"), NOW).isEmpty());
        assertTrue(sessions.open(id, "wiki", alice, NOW).isEmpty());
        assertTrue(sessions.open(id, "desk", alice, NOW.plus(Duration.ofHours(2))).isEmpty());
        byte[] other = new byte[32];
        Arrays.fill(other, (byte) 7);
        assertTrue(new SealedSessions(other, Duration.ofHours(1)).open(id, "desk", alice, NOW).isEmpty());
        int middle = id.length() / 2;
        String altered = id.substring(0, middle) + (id.charAt(middle) == 'A' ? 'B' : 'A') + id.substring(middle + 1);
        assertTrue(sessions.open(altered, "desk", alice, NOW).isEmpty());
        assertTrue(sessions.open("mock-session-1", "desk", alice, NOW).isEmpty());
        assertTrue(sessions.open("mgs1.%%%", "desk", alice, NOW).isEmpty());
    }

    @Test
    void aDerivedKeyIsNotTheSecretItCameFrom() {
        byte[] secret = new byte[32];
        byte[] derived = SealedSessions.derivedKey(secret);
        assertEquals(32, derived.length);
        assertFalse(Arrays.equals(secret, derived));
    }
}
