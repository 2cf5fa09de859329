package io.modelgate.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelgate.testing.GatewayProcess;
import io.modelgate.testing.ReplicaEnvironment;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * With JSON logs switched on by property, the packaged application writes one JSON object per line and the
 * access log's facts are fields a log pipeline can index — and the caller's token is in none of them.
 */
class JsonAccessLogIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theAccessLogIsOneJsonObjectPerRequestWithItsFieldsAndNoToken() throws Exception {
        try (ReplicaEnvironment environment = new ReplicaEnvironment()) {
            Map<String, String> config = new HashMap<>(environment.config());
            config.put("quarkus.log.console.json.enabled", "true");
            try (GatewayProcess gateway = GatewayProcess.start("json-log", config)) {
                String token = environment.token("json-alice", "basic_user");
                assertEquals(200, ReplicaEnvironment.chat(gateway.baseUrl(), token, "mock-chat"));
                await().atMost(Duration.ofSeconds(5)).until(() -> gateway.log().contains("modelgate.access"));
                List<JsonNode> access = gateway.log().lines().filter(l -> l.startsWith("{")).map(JsonAccessLogIT::parse)
                        .filter(l -> l.path("loggerName").asText().equals("modelgate.access")).toList();
                assertEquals(1, access.size(), gateway.log());
                JsonNode mdc = access.get(0).path("mdc");
                assertEquals("json-alice", mdc.path("subject").asText());
                assertEquals("mock-chat", mdc.path("model").asText());
                assertEquals("allowed:internal_user", mdc.path("decision").asText());
                assertEquals("200", mdc.path("status").asText());
                assertFalse(gateway.log().contains(token), "the token is in no log line");
            }
        }
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            throw new AssertionError("not one JSON object per line: " + line, e);
        }
    }
}
