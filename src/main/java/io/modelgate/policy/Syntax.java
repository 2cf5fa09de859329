package io.modelgate.policy;

import io.modelgate.access.McpPattern;
import io.modelgate.access.ModelPattern;
import io.modelgate.access.RoleClaimPath;

import java.util.function.Function;

/** Texts of the policy that must parse: what each is, and why a given one does not. */
public enum Syntax {
    /** A role permission's model: exact, wildcard or {@code tag:}. */
    MODEL_PATTERN(text -> parses(text, ModelPattern::parse)),
    /** A role permission's MCP grant: a server, or some of its tools. */
    MCP_PATTERN(text -> parses(text, McpPattern::parse)),
    /** Where roles sit in a token ({@code realm_access.roles}). */
    ROLE_CLAIM_PATH(text -> parses(text, RoleClaimPath::parse)),
    /** A deployment's {@code <provider>/<upstream model>}. */
    PROVIDER_MODEL(Syntax::providerModelProblem);

    private final Function<String, String> problem;

    Syntax(Function<String, String> problem) {
        this.problem = problem;
    }

    /** Why {@code text} does not parse, or null when it does. */
    public String problem(String text) {
        return problem.apply(text);
    }

    private static String parses(String text, Function<String, ?> parser) {
        try {
            parser.apply(text);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private static String providerModelProblem(String model) {
        int slash = model.indexOf('/');
        if (slash <= 0) {
            return model.isBlank() ? "is required" : null;
        }
        String prefix = model.substring(0, slash);
        try {
            Provider.fromPrefix(prefix);
        } catch (IllegalArgumentException e) {
            return "provider '" + prefix + "' is not supported; use one of " + Provider.accepted()
                    + " (openai/ with api_base reaches any other OpenAI-compatible endpoint)";
        }
        return model.substring(slash + 1).isBlank() ? "names a provider but no model" : null;
    }
}
