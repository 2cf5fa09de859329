package io.modelgate.secret;

import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sealed secrets open only with the key that sealed them, untampered; environment references resolve as before. */
class SecretBoxTest {

    private static final String KEY = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());
    private static final String OTHER_KEY = Base64.getEncoder().encodeToString("fedcba9876543210fedcba9876543210".getBytes());

    private final SecretBox box = new SecretBox(Optional.of(KEY), Map.of("VENDOR_KEY", "from-env")::get);

    @Test
    void aSealedValueOpensAgainAndNeverShowsTheValue() {
        SecretRef sealed = box.seal("sk-very-secret");
        assertTrue(sealed.reference().startsWith(SecretRef.SEALED_PREFIX));
        assertFalse(sealed.reference().contains("sk-very-secret"));
        assertFalse(sealed.toString().contains(sealed.sealed()), "toString shows neither value nor ciphertext");
        assertEquals(Optional.of("sk-very-secret"), box.resolve(SecretRef.parse(sealed.reference())));
    }

    @Test
    void sealingTheSameValueTwiceGivesDifferentCiphertexts() {
        assertNotEquals(box.seal("same").sealed(), box.seal("same").sealed());
    }

    @Test
    void aTamperedValueOrAnotherKeyDoesNotOpen() {
        SecretRef sealed = box.seal("sk-very-secret");
        byte[] bytes = Base64.getUrlDecoder().decode(sealed.sealed());
        bytes[bytes.length - 1] ^= 1;
        SecretRef tampered = SecretRef.sealed(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
        assertTrue(box.resolve(tampered).isEmpty());
        assertFalse(box.opens(tampered));
        SecretBox other = new SecretBox(Optional.of(OTHER_KEY), name -> null);
        assertTrue(other.resolve(sealed).isEmpty());
        assertTrue(other.whyMissing(sealed).contains("another key"));
        SecretBox none = new SecretBox(Optional.empty(), name -> null);
        assertFalse(none.canSeal());
        assertTrue(none.whyMissing(sealed).contains("not configured"));
    }

    @Test
    void environmentReferencesResolveFromTheEnvironment() {
        assertEquals(Optional.of("from-env"), box.resolve(SecretRef.parse("os.environ/VENDOR_KEY")));
        assertEquals("environment variable MISSING is not set", box.whyMissing(SecretRef.parse("os.environ/MISSING")));
    }

    @Test
    void aKeyOfTheWrongSizeIsRefusedAtStart() {
        assertThrows(IllegalArgumentException.class, () -> new SecretBox(Optional.of("c2hvcnQ="), name -> null));
        assertThrows(IllegalArgumentException.class, () -> new SecretBox(Optional.of("not base64!"), name -> null));
    }
}
