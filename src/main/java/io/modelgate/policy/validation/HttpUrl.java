package io.modelgate.policy.validation;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.URI;

/**
 * An http(s) URL with a host and without credentials in it. A refused URL is never repeated in the message:
 * it may hold a key.
 */
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = HttpUrl.Validator.class)
public @interface HttpUrl {

    String NOT_HTTP = "is not an http(s) URL with a host (the value is not shown: it may hold a key)";

    String message() default NOT_HTTP;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<HttpUrl, String> {
        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || Messages.validUnless(problem(value), context);
        }

        static String problem(String url) {
            try {
                URI uri = URI.create(url);
                if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                    return NOT_HTTP;
                }
                return uri.getUserInfo() != null ? "must not carry credentials; use api_key" : null;
            } catch (IllegalArgumentException e) {
                return "is not a valid URL (the value is not shown: it may hold a key)";
            }
        }
    }
}
