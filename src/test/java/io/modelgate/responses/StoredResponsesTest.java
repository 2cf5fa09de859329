package io.modelgate.responses;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every replica knows about stored responses, against the test database. */
@QuarkusTest
class StoredResponsesTest {

    @Inject
    StoredResponses stored;

    @Inject
    ResponsesConfig config;

    private static Optional<StoredResponse> result(io.vertx.core.Future<Optional<StoredResponse>> found) throws Exception {
        return found.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private void insertAsAnotherReplica(String id, String subject) {
        Instant now = Instant.now();
        QuarkusTransaction.requiringNew().run(() -> new StoredResponse(id, "mock-chat", "mock  ", "https://idp.example", subject, now,
                now.plus(Duration.ofDays(1))).persist());
    }

    private List<String> subjects(String id) {
        return QuarkusTransaction.requiringNew().call(() -> StoredResponse.<StoredResponse>list("id", id).stream()
                .map(stored -> stored.subject).toList());
    }

    @Test
    void aResponseJustCreatedThroughAnotherReplicaIsFoundOnceItsBatchLands() throws Exception {
        String id = "resp_other_replica_" + System.nanoTime();
        var lookup = stored.find(id); // asked before the other replica's batch is written
        CompletableFuture.runAsync(() -> insertAsAnotherReplica(id, "dana"), CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS));
        Optional<StoredResponse> found = result(lookup);
        assertTrue(found.isPresent(), "the lookup waited for the row another replica was writing");
        assertEquals("dana", found.get().subject);
    }

    @Test
    void anUnknownIdIsUnknownAfterTheWait() throws Exception {
        long started = System.nanoTime();
        assertFalse(result(stored.find("resp_never_created")).isPresent());
        long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertTrue(waitedMs >= config.recordWait().toMillis(), "asked the database again after record-wait, " + waitedMs + " ms");
    }

    @Test
    void aRememberedResponseIsFoundAtOnceAndReachesTheDatabase() throws Exception {
        String id = "resp_remembered_" + System.nanoTime();
        stored.remember(stored.newRecord(id, "mock-chat", "mock  ", "https://idp.example", "erin"));
        assertEquals("erin", result(stored.find(id)).orElseThrow().subject, "this replica's memory has it before the database");
        await().atMost(Duration.ofSeconds(2)).until(() -> subjects(id).equals(List.of("erin")));
        StoredResponse written = QuarkusTransaction.requiringNew().call(() -> StoredResponse.<StoredResponse>findById(id));
        assertEquals(List.of("mock-chat", "mock  ", "https://idp.example", "erin"), List.of(written.model, written.home, written.issuer,
                written.subject), "every column holds its own field");
    }

    @Test
    void theFirstOwnerKeepsAResponse() throws Exception {
        String id = "resp_first_owner_" + System.nanoTime();
        insertAsAnotherReplica(id, "frank");
        stored.remember(stored.newRecord(id, "mock-chat", "mock  ", "https://idp.example", "mallory"));
        String later = id + "_later";
        stored.remember(stored.newRecord(later, "mock-chat", "mock  ", "https://idp.example", "mallory"));
        // records are written in the order they came: once the later one is there, the claim on the first was tried
        await().atMost(Duration.ofSeconds(2)).until(() -> !subjects(later).isEmpty());
        assertEquals(List.of("frank"), subjects(id));
    }

    @Test
    void aRecordTheColumnsCannotHoldIsDroppedWithoutHoldingUpTheOthers() throws Exception {
        String tooLong = "resp_" + "x".repeat(400); // an upstream's id beyond the 300 characters the column holds
        String next = "resp_after_too_long_" + System.nanoTime();
        stored.remember(stored.newRecord(tooLong, "mock-chat", "mock  ", "https://idp.example", "grace"));
        stored.remember(stored.newRecord(next, "mock-chat", "mock  ", "https://idp.example", "grace"));
        await().atMost(Duration.ofSeconds(2)).until(() -> subjects(next).equals(List.of("grace")));
        assertEquals(List.of(), subjects(tooLong));
        assertEquals("grace", result(stored.find(tooLong)).orElseThrow().subject, "this replica still routes its own caller's follow-ups");
    }
}
