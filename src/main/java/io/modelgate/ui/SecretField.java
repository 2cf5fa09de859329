package io.modelgate.ui;

import io.modelgate.secret.SecretRef;

import java.util.Optional;

/**
 * A write-only secret on a form: the page shows only whether it is set and where it lives; a value
 * typed in replaces it, an empty field keeps it, and "clear" removes it. Nothing typed is rendered back.
 */
final class SecretField {

    private SecretField() {
    }

    /** How a stored secret reference is shown: where it lives, never what it is. */
    static String describe(Optional<String> storedReference) {
        return storedReference.map(ref -> ref.startsWith(SecretRef.SEALED_PREFIX) ? "set (stored sealed)" : "set (" + ref + ")")
                .orElse("not set");
    }

    /** The secret to store: what was typed, else — unless cleared — the stored one. */
    static Optional<String> resolve(String typed, boolean clear, Optional<String> storedReference) {
        if (typed != null && !typed.isBlank()) {
            return Optional.of(typed.trim());
        }
        return clear ? Optional.empty() : storedReference;
    }
}
