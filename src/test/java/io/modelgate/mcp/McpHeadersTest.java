package io.modelgate.mcp;

import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The 2026-07-28 headers must say what the body says; the 2025 revisions have none to check. */
class McpHeadersTest {

    private static JsonRpc.Message message(String json) throws JsonRpc.Malformed {
        return JsonRpc.read(json.getBytes(StandardCharsets.UTF_8));
    }

    private static final String CALL = """
            {"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"café","arguments":{},
             "_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}}""";

    @Test
    void headersThatAgreeWithTheBodyPass() throws Exception {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("mcp-protocol-version", "2026-07-28").add("mcp-method", "tools/call")
                .add("mcp-name", McpHeaders.encoded("café"));
        assertTrue(McpHeaders.encoded("café").startsWith("=?base64?"));
        assertNull(McpHeaders.problem(headers, message(CALL)));
    }

    @Test
    void aMissingOrContradictingHeaderIsNamed() throws Exception {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("MCP-Protocol-Version", "2026-07-28").add("Mcp-Method", "tools/call");
        assertTrue(McpHeaders.problem(headers, message(CALL)).startsWith("Mcp-Name header is missing"));
        headers.set("Mcp-Name", "cafe");
        assertTrue(McpHeaders.problem(headers, message(CALL)).startsWith("Mcp-Name header differs"));
        headers.set("Mcp-Method", "tools/list");
        assertTrue(McpHeaders.problem(headers, message(CALL)).startsWith("Mcp-Method header (tools/list)"));
        headers.set("MCP-Protocol-Version", "2025-11-25");
        assertTrue(McpHeaders.problem(headers, message(CALL)).startsWith("MCP-Protocol-Version header (2025-11-25)"));
    }

    @Test
    void aSessionRevisionsMessageIsNotChecked() throws Exception {
        assertNull(McpHeaders.problem(MultiMap.caseInsensitiveMultiMap(), message("""
                {"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"x"}}""")));
    }

    @Test
    void plainValuesTravelAsTheyAreAndOthersRoundTrip() {
        assertEquals("get_weather", McpHeaders.encoded("get_weather"));
        assertEquals(" padded ", McpHeaders.decoded(McpHeaders.encoded(" padded ")));
        assertEquals("=?base64?x?=", McpHeaders.decoded(McpHeaders.encoded("=?base64?x?=")));
        assertNull(McpHeaders.decoded("=?base64?%%%?="));
    }

    @Test
    void messagesAreReadOrRefusedWithTheRightCode() {
        assertEquals(JsonRpc.PARSE_ERROR, code("{"));
        assertEquals(JsonRpc.INVALID_REQUEST, code("[]"));
        assertEquals(JsonRpc.INVALID_REQUEST, code("{\"jsonrpc\":\"1.0\",\"method\":\"x\"}"));
        assertEquals(JsonRpc.INVALID_REQUEST, code("{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"x\"}"));
        assertEquals(JsonRpc.INVALID_REQUEST, code("{\"jsonrpc\":\"2.0\",\"id\":1}"));
    }

    private static int code(String body) {
        try {
            message(body);
            return 0;
        } catch (JsonRpc.Malformed e) {
            return e.code();
        }
    }
}
