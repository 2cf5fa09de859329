package io.modelgate.responses;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Future;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The conversations the gateway keeps, rebuilt from the test database as another replica would find them. */
@QuarkusTest
class KeptResponsesTest {

    @Inject
    KeptResponses kept;

    private static <T> T result(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    /** A turn written by another replica: in the database only, not in this replica's memory. */
    private static String elsewhere(String previous, Duration expiresIn) {
        String id = KeptResponses.newId();
        Instant now = Instant.now();
        QuarkusTransaction.requiringNew().run(() -> new KeptResponse(id, previous, "vllm-chat", "https://idp.example", "dana",
                "[]", "{\"id\":\"" + id + "\"}", now, now.plus(expiresIn)).persist());
        return id;
    }

    private static List<String> ids(List<KeptResponse> turns) {
        return turns.stream().map(turn -> turn.id).toList();
    }

    @Test
    void aConversationWrittenElsewhereIsRebuiltOldestFirstInOneWalk() throws Exception {
        String first = elsewhere(null, Duration.ofDays(1));
        String second = elsewhere(first, Duration.ofDays(1));
        String third = elsewhere(second, Duration.ofDays(1));
        assertEquals(List.of(first, second, third), ids(result(kept.conversation(third))));
        assertEquals(List.of(first, second), ids(result(kept.conversation(second))));
    }

    @Test
    void aTurnKeptHereJoinsTheEarlierOnesFromTheDatabase() throws Exception {
        String first = elsewhere(null, Duration.ofDays(1));
        String second = KeptResponses.newId();
        kept.keep(kept.newTurn(second, first, "vllm-chat", "https://idp.example", "dana", "[{\"id\":\"msg_1\"}]", "{\"id\":\"r\"}"));
        assertEquals(List.of(first, second), ids(result(kept.conversation(second))), "found in memory before its batch is written");
        await().atMost(Duration.ofSeconds(2)).until(() -> QuarkusTransaction.requiringNew().call(() -> KeptResponse.findById(second) != null));
        KeptResponse written = QuarkusTransaction.requiringNew().call(() -> KeptResponse.<KeptResponse>findById(second));
        assertEquals(List.of(first, "vllm-chat", "https://idp.example", "dana", "[{\"id\":\"msg_1\"}]", "{\"id\":\"r\"}"),
                List.of(written.previousId, written.model, written.issuer, written.subject, written.input, written.response),
                "every column holds its own field");
    }

    @Test
    void aConversationWithADeletedOrExpiredTurnBeginsAfterTheGap() throws Exception {
        String first = elsewhere(null, Duration.ofDays(1));
        String expired = elsewhere(first, Duration.ofMillis(1));
        String third = elsewhere(expired, Duration.ofDays(1));
        Thread.sleep(5);
        List<KeptResponse> afterExpiry = result(kept.conversation(third));
        assertEquals(List.of(third), ids(afterExpiry));
        assertEquals(expired, afterExpiry.get(0).previousId, "the gap is named by the turn after it");

        String fourth = elsewhere(third, Duration.ofDays(1));
        result(kept.forget(third));
        List<KeptResponse> afterDeletion = result(kept.conversation(fourth));
        assertEquals(List.of(fourth), ids(afterDeletion));
        assertEquals(third, afterDeletion.get(0).previousId);
    }

    @Test
    void anUnknownTurnIsAnEmptyConversation() throws Exception {
        assertTrue(result(kept.conversation(KeptResponses.newId())).isEmpty());
        assertTrue(result(kept.find("resp_mgnothing")).isEmpty());
    }

    @Test
    void idsTellKeptResponsesFromUpstreamsOnes() {
        assertTrue(KeptResponses.kept(KeptResponses.newId()));
        assertFalse(KeptResponses.kept("resp_67ccd2bed1ec8190b14f964abc0542670bb6a6b452d3795b"));
        assertFalse(KeptResponses.kept(null));
    }
}
