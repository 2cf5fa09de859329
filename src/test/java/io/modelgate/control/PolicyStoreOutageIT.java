package io.modelgate.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelgate.testing.GatewayProcess;
import io.modelgate.testing.OwnPostgresCluster;
import io.modelgate.testing.ReplicaEnvironment;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fail-static: the database is stopped under traffic. Allowed calls keep succeeding from the last
 * snapshot, readiness stays up while the database check reports down, admin writes get 503 and change
 * nothing; once the database is back, changes flow again without restarting Modelgate, and the usage metered
 * while it was down, kept by the replica, is written: every call is in the stored usage.
 */
class PolicyStoreOutageIT {

    private static java.util.Map<String, String> withFastUsage(java.util.Map<String, String> config) {
        config.put("modelgate.usage.flush-interval", "300ms");
        return config;
    }

    @Test
    void trafficIsServedWhileTheDatabaseIsDownAndChangesFlowAgainAfterIt() throws Exception {
        try (OwnPostgresCluster cluster = OwnPostgresCluster.create();
                ReplicaEnvironment environment = new ReplicaEnvironment();
                GatewayProcess gateway = GatewayProcess.start("outage", withFastUsage(environment.configFor(cluster.jdbcUrl("postgres"))))) {
            String dana = environment.token("dana", "ds-team");
            String gatewayUrl = gateway.baseUrl(); // ready before the traffic, whose first seconds are timed
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger served = new AtomicInteger();
            AtomicInteger failed = new AtomicInteger();
            AtomicInteger calls = new AtomicInteger(); // every call dana makes: each is metered
            Thread traffic = new Thread(() -> {
                while (running.get()) {
                    try {
                        calls.incrementAndGet();
                        (ReplicaEnvironment.chat(gatewayUrl, dana, "premium-chat") == 200 ? served : failed).incrementAndGet();
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    }
                }
            });
            traffic.start();
            try {
                await().atMost(Duration.ofSeconds(5)).until(() -> served.get() > 10);
                cluster.stop();
                int servedAtStop = served.get();

                HttpResponse<String> write = environment.adminPut(gateway.baseUrl(), "/permissions/data_science", "{\"models\": [\"ds-*\"]}");
                assertEquals(503, write.statusCode(), write.body());
                assertTrue(write.body().contains("policy_store_unavailable"), write.body());
                assertEquals(200, ReplicaEnvironment.get(gateway.baseUrl() + "/q/health/ready").statusCode());
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> ReplicaEnvironment.get(gateway.baseUrl() + "/q/health/group/database").statusCode() == 503);
                assertTrue(served.get() > servedAtStop + 10, "traffic kept being served during the outage");
                assertEquals(0, failed.get(), "no allowed call failed during the outage");

                cluster.start();
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() ->
                        environment.adminPut(gateway.baseUrl(), "/permissions/data_science", "{\"models\": [\"ds-*\"]}").statusCode() == 200);
                running.set(false);
                traffic.join();
                await().atMost(Duration.ofSeconds(3)).until(() -> {
                    calls.incrementAndGet();
                    return ReplicaEnvironment.chat(gateway.baseUrl(), dana, "premium-chat") == 403;
                });
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> ReplicaEnvironment.get(gateway.baseUrl() + "/q/health/group/database").statusCode() == 200);
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    HttpResponse<String> usage = environment.adminGet(gateway.baseUrl(), "/usage?subject=dana&group_by=subject");
                    assertEquals(200, usage.statusCode(), usage.body());
                    // every call is stored: the ones served as requests, the last ones (refused once the change landed) as refusals
                    JsonNode totals = new ObjectMapper().readTree(usage.body()).path("totals");
                    assertEquals(calls.get(), totals.path("requests").asLong() + totals.path("refused_requests").asLong(),
                            calls.get() + " calls, stored: " + usage.body());
                });
            } finally {
                running.set(false);
                traffic.join();
            }
        }
    }
}
