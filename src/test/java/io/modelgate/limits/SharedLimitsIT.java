package io.modelgate.limits;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelgate.testing.GatewayProcess;
import io.modelgate.testing.OwnRedisServer;
import io.modelgate.testing.ReplicaEnvironment;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two replicas and one Redis: a 30-per-minute role limit lets 30 calls through across both (plus at most what the other
 * replica admits within one exchange), refuses the rest with OpenAI's headers, and a subject limit stacks on it.
 * Calls in flight under a parallel limit are counted across replicas. A budget is shared live through Redis, and is still known after every replica and Redis restarted. Redis stopped
 * under traffic: fail-open keeps serving on each replica's own counts, fail-closed refuses; both recover when it is back.
 */
class SharedLimitsIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Calls are paced so that one exchange interval (250 ms) holds at most this many of them per replica. */
    private static final long PACE_MS = 40;
    /** Longer than one exchange interval (250 ms) and its round trip. */
    private static final long EXCHANGE_MS = 700;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static HttpResponse<String> chat(GatewayProcess replica, String token) throws Exception {
        return chatWith(replica, token, "priced-chat");
    }

    private static Map<String, String> shared(Map<String, String> config, OwnRedisServer redis, String failure) {
        config.put("quarkus.redis.hosts", redis.url());
        config.put("modelgate.limits.redis-failure", failure);
        return config;
    }

    @Test
    void aRoleLimitHoldsAcrossTwoReplicasAndASubjectLimitStacks() throws Exception {
        try (OwnRedisServer redis = OwnRedisServer.start(); ReplicaEnvironment environment = new ReplicaEnvironment()) {
            Map<String, String> config = shared(environment.config(), redis, "fail-open");
            try (GatewayProcess a = GatewayProcess.start("limits-a", config); GatewayProcess b = GatewayProcess.start("limits-b", config)) {
                HttpResponse<String> created = environment.adminPost(a.baseUrl(), "/limits",
                        "{\"name\":\"team-rpm\",\"role\":\"internal_user\",\"per\":\"role\",\"rpm\":30,\"models\":[\"priced-chat\"]}");
                assertEquals(201, created.statusCode(), created.body());
                assertEquals(201, environment.adminPost(a.baseUrl(), "/limits",
                        "{\"name\":\"kim-rpm\",\"subject\":\"kim\",\"rpm\":3}").statusCode());
                String kim = environment.token("kim", "basic_user");
                await().atMost(Duration.ofSeconds(5)).until(() -> chat(b, kim).headers().firstValue("x-ratelimit-limit-requests").isPresent());

                // kim: her own 3 per minute bind first, across both replicas
                int kimAdmitted = 1;
                for (int i = 0; i < 6; i++) {
                    Thread.sleep(EXCHANGE_MS); // each call after the other replica has heard of the last
                    kimAdmitted += chat(i % 2 == 0 ? a : b, kim).statusCode() == 200 ? 1 : 0;
                }
                assertEquals(3, kimAdmitted, "kim's own limit, across both replicas");

                // the team: 30 per minute shared by every caller of the role, on both replicas
                int admitted = kimAdmitted;
                int refused = 0;
                HttpResponse<String> lastRefusal = null;
                for (int i = 0; i < 50; i++) {
                    HttpResponse<String> answer = chat(i % 2 == 0 ? a : b, environment.token("member-" + i, "basic_user"));
                    if (answer.statusCode() == 200) {
                        admitted++;
                    } else {
                        assertEquals(429, answer.statusCode(), answer.body());
                        refused++;
                        lastRefusal = answer;
                    }
                    Thread.sleep(PACE_MS);
                }
                // overshoot bound: what the other replica admits in one 250 ms exchange, at this pace at most 250/(2 x 40) + 1
                System.out.printf("team limit of 30: %d admitted across two replicas, %d refused%n", admitted, refused);
                assertTrue(admitted >= 30 && admitted <= 30 + 4, admitted + " admitted against a limit of 30");
                assertTrue(lastRefusal != null && lastRefusal.body().contains("rate_limit_exceeded"), String.valueOf(lastRefusal));
                assertEquals("0", lastRefusal.headers().firstValue("x-ratelimit-remaining-requests").orElse(null));
                assertTrue(lastRefusal.headers().firstValue("Retry-After").isPresent());
            }
        }
    }

    /** Starts a stream from the slow upstream (40 chunks, 250 ms apart) and returns once it has begun: a call in flight. */
    private static java.io.InputStream slowCall(GatewayProcess replica, String token) throws Exception {
        HttpResponse<java.io.InputStream> answer = HTTP.send(HttpRequest.newBuilder(URI.create(replica.baseUrl() + "/v1/chat/completions"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"slow\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .build(), HttpResponse.BodyHandlers.ofInputStream());
        if (answer.statusCode() != 200) {
            String body = new String(answer.body().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            answer.body().close();
            throw new AssertionError(answer.statusCode() + " " + body);
        }
        answer.body().read(); // the first byte: the gateway has admitted it and is relaying
        return answer.body();
    }

    @Test
    void callsInFlightUnderAParallelLimitAreCountedAcrossReplicas() throws Exception {
        try (OwnRedisServer redis = OwnRedisServer.start(); ReplicaEnvironment environment = new ReplicaEnvironment()) {
            Map<String, String> config = shared(environment.config(), redis, "fail-open");
            try (GatewayProcess a = GatewayProcess.start("parallel-a", config); GatewayProcess b = GatewayProcess.start("parallel-b", config)) {
                assertEquals(201, environment.adminPost(a.baseUrl(), "/limits",
                        "{\"name\":\"pat-two\",\"subject\":\"pat\",\"models\":[\"slow\"],\"max_parallel_requests\":2}").statusCode());
                String pat = environment.token("pat", "basic_user");
                await().atMost(Duration.ofSeconds(5)).until(() -> listsLimit(b, pat, "pat-two"));

                try (java.io.InputStream first = slowCall(a, pat); java.io.InputStream second = slowCall(b, pat)) {
                    Thread.sleep(EXCHANGE_MS);
                    HttpResponse<String> third = chatWith(a, pat, "slow");
                    assertEquals(429, third.statusCode(), "one call in flight here and one on the other replica: two, the limit");
                    assertTrue(third.body().contains("2 requests at once"), third.body());
                    assertEquals(429, chatWith(b, pat, "slow").statusCode());
                } // the callers leave: the calls end
                // once the other replica hears they ended, a call is admitted again (slowCall fails on a refusal)
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> slowCall(b, pat).close());
            }
        }
    }

    private static HttpResponse<String> chatWith(GatewayProcess replica, String token, String model) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(replica.baseUrl() + "/v1/chat/completions"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static long spentTokens(GatewayProcess replica, String token, String limit) throws Exception {
        HttpResponse<String> me = HTTP.send(HttpRequest.newBuilder(URI.create(replica.baseUrl() + "/v1/me"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, me.statusCode(), me.body());
        for (JsonNode standing : JSON.readTree(me.body()).path("limits")) {
            if (standing.path("name").asText().equals(limit)) {
                return standing.path("spent_tokens").asLong();
            }
        }
        throw new AssertionError("no limit " + limit + " in " + me.body());
    }

    @Test
    void aBudgetIsSharedLiveAndIsStillKnownAfterEveryReplicaAndRedisRestarted() throws Exception {
        try (OwnRedisServer redis = OwnRedisServer.start(); ReplicaEnvironment environment = new ReplicaEnvironment()) {
            Map<String, String> config = shared(environment.config(), redis, "fail-open");
            // usage reaches the database only when a replica stops: while they run, only Redis can carry the spending
            config.put("modelgate.usage.flush-interval", "1h");
            String ivy = environment.token("ivy", "basic_user");
            long perCall;
            try (GatewayProcess a = GatewayProcess.start("budget-a", config); GatewayProcess b = GatewayProcess.start("budget-b", config)) {
                HttpResponse<String> probe = chat(a, environment.token("probe", "basic_user"));
                assertEquals(200, probe.statusCode(), probe.body());
                perCall = JSON.readTree(probe.body()).path("usage").path("total_tokens").asLong();
                assertTrue(perCall > 0, probe.body());
                // three calls fit: after two, 2 x perCall is under the budget; after the third it is spent
                assertEquals(201, environment.adminPost(a.baseUrl(), "/limits", "{\"name\":\"ivy-budget\",\"subject\":\"ivy\","
                        + "\"budget\":{\"tokens\":" + (3 * perCall - 1) + ",\"period\":\"month\"}}").statusCode());
                await().atMost(Duration.ofSeconds(5)).until(() -> listsLimit(b, ivy, "ivy-budget"));

                assertEquals(200, chat(b, ivy).statusCode());
                Thread.sleep(EXCHANGE_MS);
                assertEquals(200, chat(a, ivy).statusCode());
                Thread.sleep(EXCHANGE_MS);
                assertEquals(200, chat(b, ivy).statusCode(), "b knows of a's call: 2 calls spent");
                await().atMost(Duration.ofSeconds(5)).until(() -> spentTokens(a, ivy, "ivy-budget") == 3 * perCall);
                HttpResponse<String> refused = chat(a, ivy);
                assertEquals(429, refused.statusCode(), "a spent one call itself; b's two reached it through Redis");
                assertTrue(refused.body().contains("budget_exceeded"), refused.body());
            } // a graceful stop writes each replica's usage
            redis.stop();
            redis.startAgain(); // empty

            try (GatewayProcess c = GatewayProcess.start("budget-c", config); GatewayProcess d = GatewayProcess.start("budget-d", config)) {
                // a fresh replica reads the period's spending back from the stored usage before it decides a first call
                assertEquals(429, chat(c, ivy).statusCode());
                assertEquals(3 * perCall, spentTokens(c, ivy, "ivy-budget"));
                assertEquals(429, chat(d, ivy).statusCode());
                // the budget raised: the total Redis lost is started again from all c knows, and d's call adds to it
                assertEquals(200, environment.adminPut(c.baseUrl(), "/limits/ivy-budget", "{\"name\":\"ivy-budget\",\"subject\":\"ivy\","
                        + "\"budget\":{\"tokens\":" + (5 * perCall - 1) + ",\"period\":\"month\"}}").statusCode());
                await().atMost(Duration.ofSeconds(5)).until(() -> chat(c, ivy).statusCode() == 200);
                String total = "local keys = redis.call('KEYS', 'modelgate:limit:ivy-budget*:b:*') "
                        + "if #keys == 0 then return 'none' end return redis.call('HGET', keys[1], 'tokens')";
                await().atMost(Duration.ofSeconds(5)).until(() -> redis.eval(total).equals("\"" + 4 * perCall + "\""));
                await().atMost(Duration.ofSeconds(5)).until(() -> chat(d, ivy).statusCode() == 200);
                await().atMost(Duration.ofSeconds(5)).until(() -> spentTokens(c, ivy, "ivy-budget") == 5 * perCall);
                assertEquals(429, chat(c, ivy).statusCode(), "c heard of d's call through the rebuilt total");
            }
        }
    }

    /** Whether the replica has the policy change yet: {@code /v1/me} lists the limit. */
    private static boolean listsLimit(GatewayProcess replica, String token, String limit) throws Exception {
        HttpResponse<String> me = HTTP.send(HttpRequest.newBuilder(URI.create(replica.baseUrl() + "/v1/me"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        return me.statusCode() == 200 && me.body().contains("\"" + limit + "\"");
    }

    @Test
    void redisStoppedUnderTrafficFailOpenServesFailClosedRefusesAndBothRecover() throws Exception {
        try (OwnRedisServer redis = OwnRedisServer.start(); ReplicaEnvironment environment = new ReplicaEnvironment()) {
            Map<String, String> open = shared(environment.config(), redis, "fail-open");
            Map<String, String> closed = shared(environment.config(), redis, "fail-closed");
            try (GatewayProcess failOpen = GatewayProcess.start("limits-open", open);
                    GatewayProcess failClosed = GatewayProcess.start("limits-closed", closed)) {
                assertEquals(201, environment.adminPost(failOpen.baseUrl(), "/limits",
                        "{\"name\":\"roomy\",\"role\":\"internal_user\",\"rpm\":100000}").statusCode());
                String lee = environment.token("lee", "basic_user");
                await().atMost(Duration.ofSeconds(5)).until(() -> chat(failClosed, lee).headers().firstValue("x-ratelimit-limit-requests").isPresent());
                assertEquals(200, chat(failOpen, lee).statusCode());

                redis.stop();
                await().atMost(Duration.ofSeconds(10)).until(() -> chat(failClosed, lee).statusCode() == 429);
                HttpResponse<String> refused = chat(failClosed, lee);
                assertEquals(429, refused.statusCode());
                assertTrue(refused.body().contains("cannot be checked"), refused.body());
                for (int i = 0; i < 5; i++) {
                    assertEquals(200, chat(failOpen, lee).statusCode(), "fail-open keeps serving");
                }
                // each replica learns of the outage from its own next exchange with Redis, not from the other's
                await().atMost(Duration.ofSeconds(5)).until(() ->
                        ReplicaEnvironment.get(failOpen.baseUrl() + "/q/metrics").body().contains("modelgate_limits_shared 0.0"));

                redis.startAgain();
                await().atMost(Duration.ofSeconds(15)).until(() -> chat(failClosed, lee).statusCode() == 200);
                assertEquals(200, chat(failOpen, lee).statusCode());
                await().atMost(Duration.ofSeconds(5)).until(() ->
                        ReplicaEnvironment.get(failOpen.baseUrl() + "/q/metrics").body().contains("modelgate_limits_shared 1.0"));
            }
        }
    }
}
