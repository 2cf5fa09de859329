package io.modelgate.upstream;

import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * A reference to a secret that is resolved when it is used, never stored in clear:
 * LiteLLM's {@code os.environ/NAME} form reads environment variable {@code NAME}.
 */
public record SecretRef(String envVar) {

    public static final String ENV_PREFIX = "os.environ/";
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public SecretRef {
        if (envVar == null || !ENV_NAME.matcher(envVar).matches()) {
            throw new IllegalArgumentException("'" + envVar + "' is not a valid environment variable name");
        }
    }

    /** Whether a configured value is a reference rather than a literal secret. */
    public static boolean isReference(String value) {
        return value != null && value.startsWith(ENV_PREFIX);
    }

    /** Parses {@code os.environ/NAME}; anything else is refused so literal secrets never reach the store. */
    public static SecretRef parse(String value) {
        if (!isReference(value)) {
            throw new IllegalArgumentException("secrets are accepted only as references of the form os.environ/NAME");
        }
        return new SecretRef(value.substring(ENV_PREFIX.length()));
    }

    /** The reference in the form it was written, safe to store, export and show. */
    public String reference() {
        return ENV_PREFIX + envVar;
    }

    /** The secret's value now, from the given environment look-up. */
    public Optional<String> resolve(UnaryOperator<String> environment) {
        return Optional.ofNullable(environment.apply(envVar)).filter(v -> !v.isEmpty());
    }

    @Override
    public String toString() {
        return reference();
    }
}
