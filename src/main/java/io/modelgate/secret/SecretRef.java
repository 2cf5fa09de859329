package io.modelgate.secret;

import java.util.Base64;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Where a secret is, never the secret in clear: LiteLLM's {@code os.environ/NAME} (read from
 * environment variable {@code NAME} when used), or {@code modelgate/sealed:v1:…}, a value an operator
 * gave through the admin API, encrypted with Modelgate's key ({@link SecretBox}). Either form is safe to
 * store, export and show.
 *
 * @param envVar the environment variable, or null for a sealed secret
 * @param sealed the sealed value (base64url of nonce and ciphertext), or null for an environment variable
 */
public record SecretRef(String envVar, String sealed) {

    public static final String ENV_PREFIX = "os.environ/";
    public static final String SEALED_PREFIX = "modelgate/sealed:v1:";
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public SecretRef {
        if ((envVar == null) == (sealed == null)) {
            throw new IllegalArgumentException("a secret is either an environment variable or a sealed value");
        }
        if (envVar != null && !ENV_NAME.matcher(envVar).matches()) {
            throw new IllegalArgumentException("'" + envVar + "' is not a valid environment variable name");
        }
        if (sealed != null) {
            try {
                Base64.getUrlDecoder().decode(sealed);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the sealed secret is damaged (not base64url)");
            }
        }
    }

    /** A secret read from an environment variable. */
    public SecretRef(String envVar) {
        this(envVar, null);
    }

    public static SecretRef sealed(String sealedValue) {
        return new SecretRef(null, sealedValue);
    }

    /** Whether a configured value is a reference ({@code os.environ/} or sealed) rather than a literal secret. */
    public static boolean isReference(String value) {
        return value != null && (value.startsWith(ENV_PREFIX) || value.startsWith(SEALED_PREFIX));
    }

    /** Parses either form; anything else is refused so literal secrets never reach the store unsealed. */
    public static SecretRef parse(String value) {
        if (value != null && value.startsWith(SEALED_PREFIX)) {
            return sealed(value.substring(SEALED_PREFIX.length()));
        }
        if (!isReference(value)) {
            throw new IllegalArgumentException("secrets are accepted only as references of the form os.environ/NAME");
        }
        return new SecretRef(value.substring(ENV_PREFIX.length()));
    }

    public boolean isSealed() {
        return sealed != null;
    }

    /** The reference in the form it was written, safe to store, export and show. */
    public String reference() {
        return isSealed() ? SEALED_PREFIX + sealed : ENV_PREFIX + envVar;
    }

    /** Where the secret is, for messages: never its value. */
    public String describe() {
        return isSealed() ? "the sealed secret" : "environment variable " + envVar;
    }

    /** An environment variable's value now, from the given look-up; empty for a sealed secret (see {@link SecretBox}). */
    public Optional<String> resolve(UnaryOperator<String> environment) {
        return isSealed() ? Optional.empty() : Optional.ofNullable(environment.apply(envVar)).filter(v -> !v.isEmpty());
    }

    @Override
    public String toString() {
        return isSealed() ? SEALED_PREFIX + "…" : reference();
    }
}
