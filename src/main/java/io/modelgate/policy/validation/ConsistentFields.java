package io.modelgate.policy.validation;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The fields of a {@link FieldConsistency} object agree with one another; each disagreement is reported at its field. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = ConsistentFields.Validator.class)
public @interface ConsistentFields {

    String message() default "is inconsistent";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<ConsistentFields, FieldConsistency> {
        @Override
        public boolean isValid(FieldConsistency value, ConstraintValidatorContext context) {
            if (value == null) {
                return true;
            }
            var problems = value.fieldProblems();
            if (problems.isEmpty()) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            problems.forEach(p -> context.buildConstraintViolationWithTemplate(Messages.literal(p.message()))
                    .addPropertyNode(p.field()).addConstraintViolation());
            return false;
        }
    }
}
