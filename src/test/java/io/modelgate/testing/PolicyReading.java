package io.modelgate.testing;

import io.modelgate.litellm.LiteLlmFormat;
import io.modelgate.policy.PolicyDocument;
import io.modelgate.policy.binding.PolicyReader;
import io.modelgate.secret.SecretRules;
import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

/** The policy readers outside Quarkus, for unit tests: Hibernate Validator bootstrapped by hand, once. */
public final class PolicyReading {

    private static final ValidatorFactory VALIDATORS = Validation.byDefaultProvider().configure()
            .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory();
    public static final PolicyReader READER = new PolicyReader(VALIDATORS);
    public static final LiteLlmFormat FORMAT = new LiteLlmFormat(READER);

    private PolicyReading() {
    }

    /** A config file as the bootstrap reads it: secrets as references only. */
    public static PolicyDocument parse(String yaml) {
        return FORMAT.read(yaml, SecretRules.REFERENCES_ONLY).document();
    }
}
