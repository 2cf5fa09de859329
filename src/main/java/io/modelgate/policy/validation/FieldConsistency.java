package io.modelgate.policy.validation;

import java.util.List;

/**
 * A policy object whose fields must agree with one another (an Azure deployment needs a base URL, say): it
 * says which of its fields is wrong and why. Checked by {@link ConsistentFields}, next to its field constraints.
 */
public interface FieldConsistency {

    /** One field that does not agree with the others; {@code field} is its JSON name. */
    record FieldProblem(String field, String message) {
    }

    List<FieldProblem> fieldProblems();
}
