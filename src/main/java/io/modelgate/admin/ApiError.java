package io.modelgate.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.modelgate.policy.PolicyValidationException;

import java.util.List;

/**
 * The admin API's error body, OpenAI's shape: {@code {"error": {"message", "type", "param", "code"}}}, with one
 * entry per field in {@code problems} when a policy object is refused.
 */
public record ApiError(Detail error) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Detail(String message, String type, String param, String code, List<PolicyValidationException.Problem> problems) {
    }
}
