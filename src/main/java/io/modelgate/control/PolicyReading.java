package io.modelgate.control;

import io.modelgate.litellm.LiteLlmFormat;
import io.modelgate.policy.binding.PolicyReader;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import jakarta.validation.ValidatorFactory;

/** The readers of policy input, on the application's Hibernate Validator. */
public class PolicyReading {

    @Produces
    @Singleton
    PolicyReader reader(ValidatorFactory validators) {
        return new PolicyReader(validators);
    }

    @Produces
    @Singleton
    LiteLlmFormat liteLlmFormat(PolicyReader reader) {
        return new LiteLlmFormat(reader);
    }
}
