package io.modelgate.error;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * What {@link ErrorShape#OPENAI} writes, as a schema for the admin API's OpenAPI document; errors are written by the
 * shape, not from this record.
 */
public record OpenAiErrorBody(Detail error) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Detail(String message, String type, String param, String code, List<FieldProblem> problems) {
    }
}
