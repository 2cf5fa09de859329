package io.modelgate.policy;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a policy object whose every key is Modelgate's own (the {@code modelgate:} block and what it holds): a
 * key it does not know is refused with its path — most likely a typo — where an unknown key of LiteLLM's shapes
 * is accepted and reported as ignored, since LiteLLM knows keys Modelgate has no use for.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ModelgateOwned {
}
