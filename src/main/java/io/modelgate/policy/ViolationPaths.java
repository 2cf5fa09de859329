package io.modelgate.policy;

import java.util.List;

/**
 * How one way into the policy (a config file, an admin API body) names the places of rule violations in its own
 * terms, so a rule checked on the whole document is reported where the user wrote the thing it is about.
 */
public interface ViolationPaths {

    /** Refuses the input for these violations (none: nothing happens). */
    void refuse(List<PolicyRules.Violation> violations);
}
