package io.modelgate.policy.validation;

import io.modelgate.secret.SecretRules;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import org.hibernate.validator.constraintvalidation.HibernateConstraintValidatorContext;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A secret as the policy may hold it, by the {@link SecretRules} the validation runs with (its constraint
 * validator payload; without one, only references are accepted). The value is never repeated in a message.
 */
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = SecretReference.Validator.class)
public @interface SecretReference {

    String message() default "is not a secret reference";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<SecretReference, String> {
        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null) {
                return true;
            }
            SecretRules rules = context.unwrap(HibernateConstraintValidatorContext.class).getConstraintValidatorPayload(SecretRules.class);
            return Messages.validUnless((rules == null ? SecretRules.REFERENCES_ONLY : rules).problem(value), context);
        }
    }
}
