package io.modelgate.secret;

/**
 * Which secrets a policy being read may hold: always references ({@code os.environ/NAME}, or values sealed
 * earlier — which must open, when a box is given); typed values too when the box can seal them (the admin API
 * with {@code modelgate.secrets.key}), and those are then sealed. A bootstrap file takes references only.
 */
public record SecretRules(SecretBox box) {

    public static final SecretRules REFERENCES_ONLY = new SecretRules(null);

    /** Why {@code value} cannot be stored as a secret, or null if it can; never repeats the value. */
    public String problem(String value) {
        if (SecretRef.isReference(value)) {
            try {
                SecretRef ref = SecretRef.parse(value);
                return box != null && !box.opens(ref) ? box.whyMissing(ref) : null;
            } catch (IllegalArgumentException e) {
                return value.startsWith(SecretRef.SEALED_PREFIX) ? "the sealed secret is damaged"
                        : "secrets are accepted only as references of the form os.environ/NAME, NAME being an "
                                + "environment variable name (the value is not shown)";
            }
        }
        if (box != null && box.canSeal()) {
            return null;
        }
        return "secrets are accepted only as references of the form os.environ/NAME, NAME being an environment variable name"
                + (box == null ? "" : ", or as values once modelgate.secrets.key is configured to store them encrypted")
                + " (the value is not shown)";
    }

    /** The reference to store for an accepted secret: a typed value sealed, a reference as it is. */
    public String seal(String value) {
        return value == null || SecretRef.isReference(value) ? value : box.seal(value).reference();
    }
}
