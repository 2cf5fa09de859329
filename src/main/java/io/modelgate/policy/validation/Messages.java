package io.modelgate.policy.validation;

/** Messages made at validation time are text, not message templates. */
final class Messages {

    private Messages() {
    }

    /** {@code text} as a template that interpolates to itself. */
    static String literal(String text) {
        return text.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}").replace("$", "\\$");
    }
}
