package io.modelgate.identity;

import io.modelgate.error.ErrorKind;
import io.modelgate.error.GatewayException;
import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CallerTokenTest {

    private static MultiMap headers(String... pairs) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        for (int i = 0; i < pairs.length; i += 2) {
            headers.add(pairs[i], pairs[i + 1]);
        }
        return headers;
    }

    private static ErrorKind refused(MultiMap headers, boolean apiKeyAccepted) {
        return assertThrows(GatewayException.class, () -> CallerToken.of(headers, apiKeyAccepted)).kind();
    }

    @Test
    void readsABearerTokenWithoutSurroundingWhiteSpace() {
        assertEquals("abc.def.ghi", CallerToken.of(headers("Authorization", "Bearer  abc.def.ghi "), false).toString());
        assertEquals("abc", CallerToken.of(headers("authorization", "bearer abc"), true).toString());
    }

    @Test
    void readsXApiKeyOnlyWhereItIsAccepted() {
        assertEquals("tok", CallerToken.of(headers("x-api-key", "tok"), true).toString());
        assertEquals(ErrorKind.MISSING_TOKEN, refused(headers("x-api-key", "tok"), false));
        // the same token in both headers is one token
        assertEquals("tok", CallerToken.of(headers("Authorization", "Bearer tok", "X-Api-Key", "tok"), true).toString());
        // on OpenAI's paths an x-api-key is not a credential at all, so it cannot disagree
        assertEquals("tok", CallerToken.of(headers("Authorization", "Bearer tok", "x-api-key", "other"), false).toString());
    }

    @Test
    void refusesAmbiguousOrMalformedCredentials() {
        assertEquals(ErrorKind.MISSING_TOKEN, refused(headers(), true));
        assertEquals(ErrorKind.MISSING_TOKEN, refused(headers("Authorization", "  "), false));
        assertEquals(ErrorKind.MISSING_TOKEN, refused(headers("x-api-key", " "), true));
        assertEquals(ErrorKind.INVALID_TOKEN, refused(headers("Authorization", "Basic dXNlcjpwYXNz"), false));
        assertEquals(ErrorKind.INVALID_TOKEN, refused(headers("Authorization", "Bearer    "), false));
        assertEquals(ErrorKind.INVALID_REQUEST, refused(headers("Authorization", "Bearer a", "Authorization", "Bearer b"), false));
        assertEquals(ErrorKind.INVALID_REQUEST, refused(headers("Authorization", "Bearer a", "Authorization", "Bearer a"), false));
        assertEquals(ErrorKind.INVALID_REQUEST, refused(headers("x-api-key", "a", "x-api-key", "b"), true));
        GatewayException disagreeing = assertThrows(GatewayException.class,
                () -> CallerToken.of(headers("Authorization", "Bearer secret-one", "x-api-key", "secret-two"), true));
        assertEquals(ErrorKind.INVALID_REQUEST, disagreeing.kind());
        assertTrue(!disagreeing.getMessage().contains("secret"), "the message never repeats a token: " + disagreeing.getMessage());
    }
}
