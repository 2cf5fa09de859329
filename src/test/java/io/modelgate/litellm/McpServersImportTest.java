package io.modelgate.litellm;

import io.modelgate.policy.CredentialValues;
import io.modelgate.policy.McpServer;
import io.modelgate.policy.Permission;
import io.modelgate.policy.PolicyDocument;
import io.modelgate.policy.PolicyValidationException;
import io.modelgate.testing.PolicyReading;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A LiteLLM config's {@code mcp_servers} and the MCP grants of {@code role_permissions}, read and written back. */
class McpServersImportTest {

    private static final String CONFIG = """
            general_settings:
              role_permissions:
                - role: internal_user
                  models: ["chat"]
                  mcp: ["wiki", "jira/get_*"]
            role_permissions:
              - role: internal_user
                models: []
                mcp: ["jira/search"]
            mcp_servers:
              wiki:
                url: https://wiki.example.com/mcp
                transport: http
                description: The company wiki
                auth_type: api_key
                authentication_token: os.environ/WIKI_MCP_KEY
                allowed_tools: ["search", "read_*"]
              jira:
                url: https://jira.example.com/mcp
                disallowed_tools: ["delete_issue"]
                timeout: 120
            model_list:
              - model_name: chat
                litellm_params: {model: mock/gpt}
            """;

    @Test
    void serversAndTheirGrantsAreRead() {
        PolicyDocument document = PolicyReading.parse(CONFIG);
        assertEquals(List.of("jira", "wiki"), document.mcpServers().stream().map(McpServer::serverName).toList()); // by name
        McpServer wiki = document.mcpServers().get(1);
        assertEquals("wiki", wiki.serverName());
        assertEquals("https://wiki.example.com/mcp", wiki.url());
        assertEquals(McpServer.McpTransport.STREAMABLE_HTTP, wiki.transportOrDefault());
        assertEquals(List.of("search", "read_*"), wiki.allowedTools());
        // LiteLLM's authentication_token becomes a credential of its own, sent in X-API-Key (auth_type api_key)
        assertEquals("mcp-wiki", wiki.credentialName());
        assertEquals("X-API-Key", wiki.authHeader());
        CredentialValues.ApiKey key = (CredentialValues.ApiKey) document.credentials().stream()
                .filter(c -> c.credentialName().equals("mcp-wiki")).findFirst().orElseThrow().credentialValues();
        assertEquals("os.environ/WIKI_MCP_KEY", key.apiKey());
        McpServer jira = document.mcpServers().get(0);
        assertEquals(120_000, jira.timeoutOrDefault().toMillis());
        assertNull(jira.credentialName());
        assertEquals(List.of(new Permission("internal_user", List.of("chat"), List.of("wiki", "jira/get_*", "jira/search"))),
                document.permissions());
    }

    @Test
    void anExportReadsBackAsTheSamePolicy() {
        PolicyDocument document = PolicyReading.parse(CONFIG);
        String exported = LiteLlmFormat.write(document);
        assertTrue(exported.contains("mcp_servers:"), exported);
        assertEquals(document, PolicyReading.parse(exported));
    }

    @Test
    void aLimitOnMcpServersCountsToolCallsAndNothingElse() {
        PolicyDocument document = PolicyReading.parse(CONFIG + """
                modelgate:
                  limits:
                    - {name: wiki-rate, role: internal_user, mcp: [wiki], rpm: 30, max_parallel_requests: 2}
                """);
        assertTrue(document.limits().get(0).limitsMcp());
        assertEquals(List.of("wiki"), document.limits().get(0).mcp());
        PolicyValidationException e = assertThrows(PolicyValidationException.class, () -> PolicyReading.parse(CONFIG + """
                modelgate:
                  limits:
                    - {name: mixed, role: internal_user, mcp: [wiki], models: [chat], rpm: 30}
                    - {name: metered, role: internal_user, mcp: ["*"], tpm: 1000}
                    - {name: bad, role: internal_user, mcp: ["wi/ki"], rpm: 1}
                """));
        List<String> fields = e.problems().stream().map(p -> p.field()).toList();
        assertTrue(fields.containsAll(List.of("modelgate.limits[0].models", "modelgate.limits[1].tpm", "modelgate.limits[2].mcp[0]")),
                fields.toString());
    }

    @Test
    void badServersAndGrantsAreRefusedNamingTheField() {
        PolicyValidationException e = assertThrows(PolicyValidationException.class, () -> PolicyReading.parse("""
                role_permissions:
                  - role: internal_user
                    models: ["chat"]
                    mcp: ["wiki/a/b", "w*ki/x"]
                mcp_servers:
                  wiki:
                    transport: http
                  "bad__name":
                    url: https://x.example.com/mcp
                  dup:
                    url: https://x.example.com/mcp
                    credential_name: nowhere
                    allowed_tools: ["a/b"]
                """));
        List<String> fields = e.problems().stream().map(p -> p.field()).toList();
        assertTrue(fields.contains("role_permissions[0].mcp[0]"), fields.toString());
        assertTrue(fields.contains("role_permissions[0].mcp[1]"), fields.toString());
        assertTrue(fields.contains("mcp_servers.wiki.url"), fields.toString());
        assertTrue(fields.stream().anyMatch(f -> f.startsWith("mcp_servers.bad__name")), fields.toString());
        assertTrue(fields.contains("mcp_servers.dup.credential_name"), fields.toString());
        assertTrue(fields.contains("mcp_servers.dup.allowed_tools[0]"), fields.toString());
    }
}
