package io.modelgate.policy;

import io.modelgate.policy.validation.Messages;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A text that must parse as the given {@link Syntax}; the message says why it does not. */
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = PolicySyntax.Validator.class)
public @interface PolicySyntax {

    Syntax value();

    String message() default "cannot be read";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<PolicySyntax, String> {
        private Syntax syntax;

        @Override
        public void initialize(PolicySyntax annotation) {
            syntax = annotation.value();
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || value.isBlank() || Messages.validUnless(syntax.problem(value), context);
        }
    }
}
