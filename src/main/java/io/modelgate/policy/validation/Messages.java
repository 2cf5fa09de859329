package io.modelgate.policy.validation;

import jakarta.validation.ConstraintValidatorContext;

/** Messages made at validation time are text, not message templates. */
public final class Messages {

    private Messages() {
    }

    /** {@code text} as a template that interpolates to itself. */
    public static String literal(String text) {
        return text.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}").replace("$", "\\$");
    }

    /**
     * A constraint's verdict on a value: valid when there is no {@code problem}; otherwise {@code problem}, as it
     * is, takes the place of the constraint's default message.
     */
    public static boolean validUnless(String problem, ConstraintValidatorContext context) {
        if (problem == null) {
            return true;
        }
        context.disableDefaultConstraintViolation();
        context.buildConstraintViolationWithTemplate(literal(problem)).addConstraintViolation();
        return false;
    }
}
