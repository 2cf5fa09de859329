package io.modelgate.gateway;

import io.modelgate.testing.GatewayProcess;
import io.modelgate.testing.ReplicaEnvironment;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGTERM, as Kubernetes sends it, to the packaged application while a response is streaming: readiness
 * turns DOWN at once (so the endpoint is taken out of the Service), the stream runs to its end, and then
 * the process exits — well inside the grace period.
 */
class GracefulShutdownIT {

    @Test
    void aStreamInFlightAtSigtermFinishesAndThenTheProcessExits() throws Exception {
        try (ReplicaEnvironment environment = new ReplicaEnvironment()) {
            Map<String, String> config = new java.util.HashMap<>(environment.config());
            config.put("quarkus.shutdown.delay", "3s");
            config.put("quarkus.shutdown.timeout", "20s");
            try (GatewayProcess gateway = GatewayProcess.start("graceful-shutdown", config)) {
                HttpClient http = HttpClient.newHttpClient();
                List<String> lines = new CopyOnWriteArrayList<>();
                CountDownLatch firstChunk = new CountDownLatch(1);
                HttpRequest stream = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/chat/completions"))
                        .header("Authorization", "Bearer " + environment.token("alice", "basic_user"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"model\":\"mock-chat\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                        .build();
                CompletableFuture<HttpResponse<Stream<String>>> streaming = http.sendAsync(stream, HttpResponse.BodyHandlers.ofLines());
                CompletableFuture<Void> read = streaming.thenAccept(response -> response.body().forEach(line -> {
                    lines.add(line);
                    if (line.startsWith("data: {")) {
                        firstChunk.countDown();
                    }
                }));
                assertTrue(firstChunk.await(10, TimeUnit.SECONDS), "the stream started");

                long terminated = System.nanoTime();
                gateway.terminate();
                // the signal is handled asynchronously: readiness must turn DOWN well inside the 3 s delay
                int readiness = 200;
                while (readiness == 200 && System.nanoTime() - terminated < Duration.ofMillis(2500).toNanos()) {
                    readiness = ReplicaEnvironment.get(gateway.baseUrl() + "/q/health/ready").statusCode();
                }
                assertEquals(503, readiness, "readiness is DOWN once shutdown begins, while requests are still served");

                read.get(30, TimeUnit.SECONDS);
                assertEquals(200, streaming.get().statusCode());
                assertEquals("data: [DONE]", lines.stream().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse(""),
                        "the stream ran to its end: " + lines);
                assertTrue(gateway.awaitExit(Duration.ofSeconds(15)), "the process exited after the stream ended");
                Duration took = Duration.ofNanos(System.nanoTime() - terminated);
                System.out.printf("SIGTERM → exit with a stream in flight: %d ms%n", took.toMillis());
                assertTrue(gateway.log().contains("modelgate stopped"), gateway.log());
            }
        }
    }
}
