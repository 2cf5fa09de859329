package io.modelgate.limits;

import io.modelgate.testing.GatewayProcess;
import io.modelgate.testing.ReplicaEnvironment;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A budget survives a restart: a replica that spends it and stops (writing its usage), replaced by a fresh one on the
 * same database, still refuses the caller — its very first call — because the fresh replica reads what was spent this
 * period back from the stored usage before it decides.
 */
class BudgetRestartIT {

    private static long spentTokens(GatewayProcess gateway, String token) throws Exception {
        java.net.http.HttpResponse<String> me = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                .newBuilder(java.net.URI.create(gateway.baseUrl() + "/v1/me")).header("Authorization", "Bearer " + token).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, me.statusCode(), me.body());
        for (com.fasterxml.jackson.databind.JsonNode limit : new com.fasterxml.jackson.databind.ObjectMapper().readTree(me.body()).path("limits")) {
            if (limit.path("name").asText().equals("ivy-tokens")) {
                return limit.path("spent_tokens").asLong();
            }
        }
        throw new AssertionError("no ivy-tokens limit in " + me.body());
    }

    @Test
    void aSpentBudgetIsStillSpentAfterTheReplicaRestarts() throws Exception {
        try (ReplicaEnvironment environment = new ReplicaEnvironment()) {
            Map<String, String> config = environment.config();
            String token = environment.token("ivy", "basic_user");
            long spentBefore;
            try (GatewayProcess first = GatewayProcess.start("budget-1", config)) {
                HttpResponse<String> created = environment.adminPost(first.baseUrl(), "/limits",
                        "{\"name\":\"ivy-tokens\",\"subject\":\"ivy\",\"budget\":{\"tokens\":5,\"period\":\"month\"}}");
                assertEquals(201, created.statusCode(), created.body());
                await().atMost(Duration.ofSeconds(5)).until(() -> ReplicaEnvironment.chat(first.baseUrl(), token, "priced-chat") == 200);
                await().atMost(Duration.ofSeconds(5)).until(() -> ReplicaEnvironment.chat(first.baseUrl(), token, "priced-chat") == 429);
                spentBefore = spentTokens(first, token);
            } // a graceful stop writes the usage still pending
            try (GatewayProcess second = GatewayProcess.start("budget-2", config)) {
                // the first call waits while the fresh replica reads the period's spending back, and is refused
                assertEquals(429, ReplicaEnvironment.chat(second.baseUrl(), token, "priced-chat"));
                assertEquals(429, ReplicaEnvironment.chat(second.baseUrl(), token, "priced-chat"));
                assertEquals(spentBefore, spentTokens(second, token), "what the first replica spent is counted here");
            }
        }
    }
}
