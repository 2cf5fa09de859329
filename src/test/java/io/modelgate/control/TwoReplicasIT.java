package io.modelgate.control;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelgate.testing.GatewayProcess;
import io.modelgate.testing.ReplicaEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two replicas of the built application, each its own process, against one database: a permission
 * revoked through replica A is enforced by replica B within a second; a response created through A is at once
 * its owner's, and only its owner's, through B; policy writers through both take turns, so none is lost.
 */
class TwoReplicasIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static ReplicaEnvironment environment;
    private static GatewayProcess a;
    private static GatewayProcess b;
    private static final ExecutorService POOL = Executors.newFixedThreadPool(16);

    @BeforeAll
    static void startTwoReplicas() throws Exception {
        environment = new ReplicaEnvironment();
        java.util.Map<String, String> config = new java.util.HashMap<>(environment.config());
        config.put("modelgate.mcp.session-key", "bW9kZWxnYXRlLW1jcC1zZXNzaW9uLWtleS0zMmJ5dGU="); // the same on both, as deployed
        a = GatewayProcess.start("replica-a", config);
        b = GatewayProcess.start("replica-b", config);
    }

    @AfterAll
    static void stopThem() throws Exception {
        POOL.shutdownNow();
        try (ReplicaEnvironment closing = environment) {
            for (GatewayProcess replica : new GatewayProcess[] {b, a}) {
                if (replica != null) {
                    replica.close();
                }
            }
        }
    }

    @Test
    void aPermissionRevokedThroughOneReplicaIsEnforcedByTheOtherWithinASecond() throws Exception {
        String dana = environment.token("dana", "ds-team");
        assertEquals(200, ReplicaEnvironment.chat(b.baseUrl(), dana, "premium-chat"));

        assertEquals(200, environment.adminPut(a.baseUrl(), "/permissions/data_science", "{\"models\": [\"ds-*\"]}").statusCode());
        long revoked = System.nanoTime();
        int status = 200;
        while (status == 200 && System.nanoTime() - revoked < Duration.ofSeconds(5).toNanos()) {
            status = ReplicaEnvironment.chat(b.baseUrl(), dana, "premium-chat");
        }
        Duration took = Duration.ofNanos(System.nanoTime() - revoked);
        assertEquals(403, status, "replica B still allows the revoked model");
        System.out.printf("replica B enforced the revocation made through replica A after %d ms%n", took.toMillis());
        assertTrue(took.compareTo(Duration.ofSeconds(1)) < 0, "replica B enforced the change after " + took.toMillis() + " ms");
        assertEquals(200, ReplicaEnvironment.chat(b.baseUrl(), dana, "ds-notebook"), "what stayed granted still works");
    }

    @Test
    void concurrentChangesThroughBothReplicasAreAllKeptEachItsOwnVersion() throws Exception {
        int writers = 16;
        List<CompletableFuture<HttpResponse<String>>> creates = IntStream.range(0, writers).mapToObj(i -> CompletableFuture.supplyAsync(
                () -> call(() -> environment.adminPost((i % 2 == 0 ? a : b).baseUrl(), "/roles", "{\"name\": \"team_" + i + "\"}")),
                POOL)).toList();
        Set<Long> versions = new TreeSet<>();
        for (CompletableFuture<HttpResponse<String>> create : creates) {
            HttpResponse<String> created = create.get(30, TimeUnit.SECONDS);
            assertEquals(201, created.statusCode(), created.body());
            versions.add(Long.parseLong(created.headers().firstValue("X-Modelgate-Policy-Version").orElseThrow()));
        }
        assertEquals(writers, versions.size(), "each change is a version of its own: " + versions);
        assertEquals(writers - 1, Collections.max(versions) - Collections.min(versions), "and nothing else bumped it: " + versions);
        for (GatewayProcess replica : new GatewayProcess[] {a, b}) {
            await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> {
                String roles = environment.adminGet(replica.baseUrl(), "/roles").body();
                for (int i = 0; i < writers; i++) {
                    assertTrue(roles.contains("\"team_" + i + "\""), "team_" + i + " is missing from " + roles);
                }
            });
        }
    }

    @Test
    void ofConcurrentChangesMadeFromTheSameReadOnlyOneWins() throws Exception {
        assertEquals(201, environment.adminPost(a.baseUrl(), "/roles", "{\"name\": \"contested\"}").statusCode());
        String etag = environment.adminGet(a.baseUrl(), "/roles/contested").headers().firstValue("ETag").orElseThrow();
        List<CompletableFuture<HttpResponse<String>>> puts = IntStream.range(0, 8).mapToObj(i -> CompletableFuture.supplyAsync(
                () -> call(() -> environment.adminPut((i % 2 == 0 ? a : b).baseUrl(), "/roles/contested",
                        "{\"name\": \"contested\", \"description\": \"edit " + i + "\"}", etag)), POOL)).toList();
        List<Integer> statuses = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> put : puts) {
            statuses.add(put.get(30, TimeUnit.SECONDS).statusCode());
        }
        assertEquals(1, statuses.stream().filter(status -> status == 200).count(), statuses.toString());
        assertEquals(7, statuses.stream().filter(status -> status == 412).count(), statuses.toString());
    }

    private static <T> T call(Callable<T> request) {
        try {
            return request.call();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aResponseCreatedThroughOneReplicaIsReadAtOnceThroughTheOther() throws Exception {
        String alice = environment.token("alice", "basic_user");
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> created = ReplicaEnvironment.createResponse(a.baseUrl(), alice, "chat");
            assertEquals(200, created.statusCode(), created.body());
            String id = JSON.readTree(created.body()).path("id").asText();
            // straight after: B finds what A recorded (from the database, or after waiting for A's batch)
            HttpResponse<String> read = ReplicaEnvironment.retrieveResponse(b.baseUrl(), alice, id);
            assertEquals(200, read.statusCode(), read.body());
            assertEquals(id, JSON.readTree(read.body()).path("id").asText());
        }
        var requests = environment.upstream().requests();
        String last = requests.get(requests.size() - 1).path();
        HttpResponse<String> bobs = ReplicaEnvironment.retrieveResponse(b.baseUrl(), environment.token("bob", "basic_user"),
                last.substring(last.lastIndexOf('/') + 1));
        assertEquals(404, bobs.statusCode(), "another caller's response does not exist for them");
        assertEquals(requests.size(), environment.upstream().requests().size(), "nothing was forwarded for bob");
    }

    @Test
    void anMcpSessionBegunThroughOneReplicaGoesOnThroughTheOther() throws Exception {
        String root = environment.token("root", "proxy_admin");
        HttpResponse<String> begun = ReplicaEnvironment.mcp(a.baseUrl(), "/mcp/recorded", root, null, """
                {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},
                 "clientInfo":{"name":"t","version":"1"}}}""");
        assertEquals(200, begun.statusCode(), begun.body());
        String session = begun.headers().firstValue("Mcp-Session-Id").orElseThrow();
        HttpResponse<String> called = ReplicaEnvironment.mcp(b.baseUrl(), "/mcp/recorded", root, session, """
                {"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"echo","arguments":{}}}""");
        assertEquals(200, called.statusCode(), called.body());
        assertEquals("called echo", JSON.readTree(called.body()).path("result").path("content").path(0).path("text").asText());
        var requests = environment.upstream().requests();
        assertEquals("upstream-session-1", requests.get(requests.size() - 1).headers().get("mcp-session-id"),
                "replica B reached the server within the session replica A began, from the session id alone");
        HttpResponse<String> stolen = ReplicaEnvironment.mcp(b.baseUrl(), "/mcp/recorded", environment.token("mallory", "proxy_admin"), session,
                """
                {"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"echo","arguments":{}}}""");
        assertEquals(404, stolen.statusCode(), "another caller holding the id has no session");
    }
}
