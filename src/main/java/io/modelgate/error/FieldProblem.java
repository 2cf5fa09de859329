package io.modelgate.error;

/** One field of a refused request and what is wrong with it ({@code deployments[1].api_base}, "must be a URL"). */
public record FieldProblem(String field, String message) {
}
