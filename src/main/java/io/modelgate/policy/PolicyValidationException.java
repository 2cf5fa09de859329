package io.modelgate.policy;

import java.util.List;

/** A policy (file or request) that cannot be accepted; each problem names the field and what is wrong. */
public class PolicyValidationException extends RuntimeException {

    private final List<Problem> problems;

    public PolicyValidationException(List<Problem> problems) {
        super(describe(problems));
        this.problems = List.copyOf(problems);
    }

    public PolicyValidationException(String field, String message) {
        this(List.of(new Problem(field, message)));
    }

    public List<Problem> problems() {
        return problems;
    }

    private static String describe(List<Problem> problems) {
        StringBuilder text = new StringBuilder();
        for (Problem p : problems) {
            if (text.length() > 0) {
                text.append("; ");
            }
            text.append(p.field()).append(": ").append(p.message());
        }
        return text.toString();
    }

    /** One thing wrong: where ({@code model_list[2].litellm_params.model}) and what. */
    public record Problem(String field, String message) {
    }
}
