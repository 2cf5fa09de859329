package io.modelgate.gateway;

import io.modelgate.testing.KeepAliveConnection;
import io.modelgate.testing.KeepAliveConnection.Reply;
import io.modelgate.testing.TestIdentityProvider;
import io.modelgate.testing.TestUpstream;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.URL;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Requests sharing one keep-alive connection (as behind a proxy that pools connections to Modelgate) are each
 * judged by their own token: nothing verified for one request carries over to the next, and a refused
 * request leaves the connection usable.
 */
@QuarkusTest
class TokensOnOneConnectionTest {

    private static final String CHAT = "{\"model\":\"chat\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @TestHTTPResource("/")
    URL gateway;

    @Test
    void eachRequestIsJudgedByItsOwnToken() throws Exception {
        TestIdentityProvider idp = TestIdentityProvider.current();
        String alice = idp.tokenWithRoles("alice", "basic_user");
        String dana = idp.tokenWithRoles("dana", "ds-team");
        TestUpstream.current().clear();
        try (KeepAliveConnection connection = new KeepAliveConnection(gateway)) {
            assertEquals(200, chat(connection, "Bearer " + alice).status());
            // as long as alice's token, one character of its signature changed
            assertError(chat(connection, "Bearer " + withSignatureCharacterChanged(alice)), 401, "invalid_token");
            assertEquals(200, chat(connection, "Bearer " + alice).status());
            assertError(chat(connection, "Bearer " + dana), 403, "model_not_permitted");
            assertEquals(200, chat(connection, "Bearer " + alice).status());
            assertError(chat(connection, null), 401, "missing_token");
            assertError(chat(connection, "Bearer " + alice + "x"), 401, "invalid_token");
            assertEquals(200, chat(connection, "Bearer " + alice).status());
        }
        assertEquals(4, TestUpstream.current().requests().size(), "only alice's four calls went upstream");
    }

    private static Reply chat(KeepAliveConnection connection, String authorization) throws Exception {
        return connection.post("/v1/chat/completions", authorization, CHAT);
    }

    private static void assertError(Reply reply, int status, String code) {
        assertEquals(status, reply.status(), reply.body());
        assertEquals(code, new JsonObject(reply.body()).getJsonObject("error").getString("code"));
    }

    private static String withSignatureCharacterChanged(String token) {
        char[] chars = token.toCharArray();
        int i = chars.length - 10;
        chars[i] = chars[i] == 'A' ? 'B' : 'A';
        return new String(chars);
    }
}
