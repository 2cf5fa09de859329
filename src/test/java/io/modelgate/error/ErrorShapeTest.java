package io.modelgate.error;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each error shape as each family's SDKs read it, and the headers the error contract asks for. */
class ErrorShapeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void openAisShapeHasMessageTypeParamAndCode() throws Exception {
        JsonNode body = JSON.readTree(ErrorShape.OPENAI.body(new GatewayException(ErrorKind.MODEL_NOT_FOUND, "No such model \"x\".", "model")));

        assertEquals("No such model \"x\".", body.at("/error/message").asText());
        assertEquals("invalid_request_error", body.at("/error/type").asText());
        assertEquals("model", body.at("/error/param").asText());
        assertEquals("model_not_found", body.at("/error/code").asText());
        assertFalse(body.at("/error").has("problems"), "only a refused policy object lists problems");
    }

    @Test
    void aRefusedPolicyObjectListsEveryProblemByField() throws Exception {
        JsonNode body = JSON.readTree(ErrorShape.OPENAI.body(new GatewayException(ErrorKind.INVALID_POLICY, "two problems", "model_name",
                List.of(new FieldProblem("model_name", "must not be blank"), new FieldProblem("deployments[0].api_base", "not a URL")))));

        assertEquals("invalid_policy", body.at("/error/code").asText());
        assertEquals("deployments[0].api_base", body.at("/error/problems/1/field").asText());
        assertEquals("not a URL", body.at("/error/problems/1/message").asText());
    }

    @Test
    void anthropicsShapeNamesItsOwnErrorTypes() throws Exception {
        JsonNode limited = JSON.readTree(ErrorShape.ANTHROPIC.body(new GatewayException(ErrorKind.BUDGET_EXCEEDED, "spent")));
        JsonNode unavailable = JSON.readTree(ErrorShape.ANTHROPIC.body(new GatewayException(ErrorKind.UPSTREAM_TIMEOUT, "slow")));

        assertEquals("error", limited.get("type").asText());
        assertEquals("rate_limit_error", limited.at("/error/type").asText());
        assertEquals("spent", limited.at("/error/message").asText());
        assertEquals("api_error", unavailable.at("/error/type").asText());
        assertEquals("not_found_error", ErrorShape.anthropicType(ErrorKind.MODEL_NOT_FOUND.status()));
        assertEquals("invalid_request_error", ErrorShape.anthropicType(ErrorKind.INVALID_JSON.status()));
        assertEquals("request_too_large", ErrorShape.anthropicType(ErrorKind.REQUEST_TOO_LARGE.status()));
    }

    @Test
    void aRefusedTokenIsChallengedAndATooLargeBodyClosesTheConnection() {
        ErrorAnswer missing = ErrorAnswer.of(new GatewayException(ErrorKind.MISSING_TOKEN, "no token"), ErrorShape.OPENAI);
        ErrorAnswer expired = ErrorAnswer.of(new GatewayException(ErrorKind.EXPIRED_TOKEN, "expired"), ErrorShape.ANTHROPIC);
        ErrorAnswer tooLarge = ErrorAnswer.of(new GatewayException(ErrorKind.REQUEST_TOO_LARGE, "too large"), ErrorShape.OPENAI);

        assertEquals(401, missing.status());
        assertEquals("Bearer realm=\"modelgate\"", missing.headers().get(ErrorAnswer.WWW_AUTHENTICATE));
        assertTrue(expired.headers().get(ErrorAnswer.WWW_AUTHENTICATE).contains("error=\"invalid_token\""));
        assertEquals("close", tooLarge.headers().get("Connection"));
        assertEquals(413, tooLarge.status());
    }

    @Test
    void textThatLooksLikeJsonStaysText() throws Exception {
        JsonNode body = JSON.readTree(ErrorShape.OPENAI.body(new GatewayException(ErrorKind.INVALID_REQUEST, "\"}], \"code\": \"x\n")));

        assertEquals("\"}], \"code\": \"x\n", body.at("/error/message").asText());
        assertEquals("invalid_request", body.at("/error/code").asText());
    }
}
