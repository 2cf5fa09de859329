package io.modelgate.ui;

import java.util.Map;

/** Problems found in a submitted form itself, before it reaches the policy: messages by form field. */
public final class FormProblems extends RuntimeException {

    private final Map<String, String> fields;

    FormProblems(Map<String, String> fields) {
        super("the form has problems", null, false, false);
        this.fields = Map.copyOf(fields);
    }

    public Map<String, String> fields() {
        return fields;
    }
}
