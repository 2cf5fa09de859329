package io.modelgate.usage;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.modelgate.store.BackgroundWriter;
import io.modelgate.store.TestBackgroundWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How calls become the per-minute usage sums a replica adds to {@code usage_minute}: one row per caller × role × model
 * × deployment × endpoint × status class × minute, with every call of that key summed into it, written in one order on
 * every replica. The database is played by the test; the rows reach it through the real background writer.
 */
class UsageAggregatesTest {

    /** {@code modelgate.usage.*}; the flush interval is long, so rows are written only when the test writes them out. */
    record Config(boolean enabled, Duration flushInterval, int maxPendingRows, Duration retention, Duration pruneInterval,
            ZoneId timeZone) implements UsageConfig {

        static Config meteringOn(boolean enabled) {
            // a zone half an hour off UTC: minutes are instants, whatever zone reports group days by
            return new Config(enabled, Duration.ofHours(1), 50_000, Duration.ofDays(400), Duration.ofHours(1), ZoneId.of("Asia/Kolkata"));
        }
    }

    private static final Instant MINUTE = Instant.parse("2026-12-01T10:00:00Z");
    private static final TokenUsage TOKENS = new TokenUsage(100, 40, 10, 20, 5);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final BackgroundWriter writer = TestBackgroundWriter.start(registry, Duration.ofSeconds(1));
    /** The batches the played database was given, in order. */
    private final List<List<UsageMinute>> upserts = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void stopWriter() {
        TestBackgroundWriter.writeOut(writer);
    }

    private UsageAggregates aggregates(boolean meteringOn) {
        // no Vert.x: start() is not called, so nothing is pruned
        return new UsageAggregates(null, Config.meteringOn(meteringOn), writer, batch -> upserts.add(List.copyOf(batch)),
                batch -> { });
    }

    /** Everything queued, written out as at shutdown: the rows the database was given. */
    private List<UsageMinute> writtenOut() {
        TestBackgroundWriter.writeOut(writer);
        return upserts.stream().flatMap(List::stream).toList();
    }

    /** A call by alice, credited to internal_user, of gpt-4o answered by its azure deployment on chat. */
    private static UsageRecord call(Instant endedAt, int status, TokenUsage usage, double costUsd) {
        return call("https://idp", "alice", "internal_user", "gpt-4o", "azure-east", "chat", endedAt, status, usage, costUsd);
    }

    private static UsageRecord call(String issuer, String subject, String role, String model, String deployment, String endpoint,
            Instant endedAt, int status, TokenUsage usage, double costUsd) {
        return new UsageRecord(endedAt.toEpochMilli(), issuer, subject, role, true, model, deployment, endpoint, "POST", "/v1/" + endpoint,
                status, "allowed:" + role, 1_000_000, usage, costUsd, null, null, false, 0, null);
    }

    /** A call the gateway refused with {@code code}: no role credited, no deployment, no usage. */
    private static UsageRecord refused(String subject, String model, int status, String code) {
        return new UsageRecord(MINUTE.toEpochMilli(), "https://idp", subject, "none", true, model, null, "chat", "POST", "/v1/chat",
                status, code, 1_000_000, null, 0, null, null, false, 0, null);
    }

    @Test
    void callsOfOneKeyAndMinuteAreSummedIntoOneRowAcrossBatches() {
        UsageAggregates aggregates = aggregates(true);
        aggregates.accept(List.of(call(MINUTE.plusSeconds(1), 200, TOKENS, 0.1), call(MINUTE.plusSeconds(20), 200, TOKENS, 0.2)));
        aggregates.accept(List.of(call(MINUTE.plusSeconds(59), 201, new TokenUsage(1, 0, 0, 2, 0), 0.0001)));

        List<UsageMinute> rows = writtenOut();
        assertEquals(1, rows.size(), "200 and 201 are one status class");
        UsageMinute row = rows.get(0);
        assertEquals(new UsageMinute.Key(MINUTE, "https://idp", "alice", "internal_user", "gpt-4o", "azure-east", "chat", (short) 2, "ok"), row.key);
        assertEquals(3, row.requests);
        assertEquals(0, row.unknownUsageRequests);
        assertEquals(201, row.inputTokens);
        assertEquals(80, row.cachedInputTokens);
        assertEquals(20, row.cacheWriteInputTokens);
        assertEquals(42, row.outputTokens);
        assertEquals(10, row.reasoningTokens);
        assertEquals(0, new BigDecimal("0.3001").compareTo(row.costUsd), "cents add up exactly, not as doubles do: " + row.costUsd);
    }

    @Test
    void eachDimensionThatDiffersMakesARowOfItsOwn() {
        Instant at = MINUTE.plusSeconds(30);
        List<UsageRecord> calls = List.of(
                call("https://idp", "alice", "internal_user", "gpt-4o", "azure-east", "chat", at, 200, TOKENS, 0.01),
                call("https://other-idp", "alice", "internal_user", "gpt-4o", "azure-east", "chat", at, 200, TOKENS, 0.01),
                call("https://idp", "bob", "internal_user", "gpt-4o", "azure-east", "chat", at, 200, TOKENS, 0.01),
                call("https://idp", "alice", "data_science", "gpt-4o", "azure-east", "chat", at, 200, TOKENS, 0.01),
                call("https://idp", "alice", "internal_user", "gpt-4o-mini", "azure-east", "chat", at, 200, TOKENS, 0.01),
                call("https://idp", "alice", "internal_user", "gpt-4o", "openai", "chat", at, 200, TOKENS, 0.01),
                call("https://idp", "alice", "internal_user", "gpt-4o", "azure-east", "responses", at, 200, TOKENS, 0.01),
                call("https://idp", "alice", "internal_user", "gpt-4o", "azure-east", "chat", at, 502, TOKENS, 0.01),
                call("https://idp", "alice", "internal_user", "gpt-4o", "azure-east", "chat", at.plusSeconds(60), 200, TOKENS, 0.01));
        UsageAggregates aggregates = aggregates(true);
        aggregates.accept(calls);

        List<UsageMinute> rows = writtenOut();
        assertEquals(calls.size(), rows.size());
        assertTrue(rows.stream().allMatch(row -> row.requests == 1 && row.inputTokens == TOKENS.input()));
    }

    @Test
    void aCallCountsInTheMinuteItEnded() {
        UsageAggregates aggregates = aggregates(true);
        aggregates.accept(List.of(call(MINUTE, 200, TOKENS, 0), call(MINUTE.plusMillis(59_999), 200, TOKENS, 0),
                call(MINUTE.plusSeconds(60), 200, TOKENS, 0)));

        List<UsageMinute> rows = writtenOut();
        assertEquals(List.of(MINUTE, MINUTE.plusSeconds(60)), rows.stream().map(row -> row.key.minute()).toList());
        assertEquals(List.of(2L, 1L), rows.stream().map(row -> row.requests).toList());
    }

    @Test
    void everyModelCallOfAnAuthenticatedCallerIsMeteredRefusedOnesAsRefusalsByReasonAndNoneBeforeAuthentication() {
        UsageRecord refusedByALimit = refused("alice", "gpt-4o", 429, "rate_limit_exceeded");
        UsageRecord unauthenticated = call(null, null, "none", "none", null, "chat", MINUTE, 401, null, 0);
        UsageRecord noIssuer = call(null, "local-admin", "proxy_admin", "gpt-4o", "azure-east", "chat", MINUTE, 200, TOKENS, 0);
        UsageRecord listing = new UsageRecord(MINUTE.toEpochMilli(), "https://idp", "alice", "internal_user", false, "none", null, "models",
                "GET", "/v1/models", 200, "allowed:internal_user", 1_000_000, null, 0, null, null, false, 0, null);
        UsageAggregates aggregates = aggregates(true);
        aggregates.accept(List.of(refusedByALimit, unauthenticated, noIssuer, listing));

        List<UsageMinute> rows = writtenOut();
        assertEquals(List.of("alice", "local-admin"), rows.stream().map(row -> row.key.subject()).toList(), "listing models is no usage");
        UsageMinute refused = rows.get(0);
        assertEquals((short) 4, refused.key.statusClass());
        assertEquals("rate_limit_exceeded", refused.key.outcome(), "a refusal by its reason");
        assertEquals(1, refused.refusedRequests);
        assertEquals(0, refused.requests, "a refused call is no request of the model");
        assertEquals(0, refused.unknownUsageRequests, "nor a call of unknown usage");
        assertEquals("", refused.key.deployment(), "no deployment answered: stored as empty, not null");
        assertEquals("ok", rows.get(1).key.outcome());
        assertEquals("", rows.get(1).key.issuer());
        assertEquals(0, registry.get("modelgate.writer.dropped").tag("queue", "usage_minutes").counter().count(),
                "a call before authentication is not usage lost (modelgate_writer_dropped_total)");
    }

    @Test
    void anUpstreamFailureIsARequestOfItsOwnOutcomeNotOfUnknownUsage() {
        UsageAggregates aggregates = aggregates(true);
        aggregates.accept(List.of(call(MINUTE, 502, null, 0)));

        UsageMinute row = writtenOut().get(0);
        assertEquals("upstream_error", row.key.outcome());
        assertEquals(1, row.requests);
        assertEquals(0, row.unknownUsageRequests, "unknown usage means an answer without usage, not a failure");
    }

    @Test
    void aCallWhoseAnswerReportedNoUsageCountsAsARequestWithUnknownTokens() {
        UsageAggregates aggregates = aggregates(true);
        aggregates.accept(List.of(call(MINUTE, 200, null, 0), call(MINUTE, 200, TOKENS, 0.05)));

        UsageMinute row = writtenOut().get(0);
        assertEquals(2, row.requests);
        assertEquals(1, row.unknownUsageRequests);
        assertEquals(TOKENS.input(), row.inputTokens, "only the call that reported tokens adds any");
        assertEquals(TOKENS.output(), row.outputTokens);
    }

    @Test
    void rowsAreWrittenInOneOrderOnEveryReplicaMinuteFirstThenSubject() {
        Instant later = MINUTE.plusSeconds(60);
        UsageAggregates aggregates = aggregates(true);
        aggregates.accept(List.of(
                call("https://b", "carol", "internal_user", "gpt-4o", "azure-east", "chat", later, 200, TOKENS, 0),
                call("https://b", "bob", "internal_user", "gpt-4o", "azure-east", "chat", MINUTE, 200, TOKENS, 0),
                call("https://a", "zed", "internal_user", "gpt-4o", "azure-east", "chat", MINUTE, 200, TOKENS, 0),
                call("https://a", "bob", "internal_user", "gpt-4o", "azure-east", "chat", MINUTE, 200, TOKENS, 0),
                call("https://a", "amy", "internal_user", "gpt-4o", "azure-east", "chat", later, 200, TOKENS, 0)));

        // two replicas writing the same keys take their row locks in this order, so neither waits for the other in a circle
        assertEquals(List.of(MINUTE + " bob https://a", MINUTE + " bob https://b", MINUTE + " zed https://a",
                        later + " amy https://a", later + " carol https://b"),
                writtenOut().stream().map(row -> row.key.minute() + " " + row.key.subject() + " " + row.key.issuer()).toList());
    }

    @Test
    void withMeteringOffNothingIsQueuedOrWritten() {
        aggregates(false).accept(List.of(call(MINUTE, 200, TOKENS, 0.01)));

        assertEquals(List.of(), writtenOut());
        assertTrue(registry.find("modelgate.writer.queue.depth").tag("queue", "usage_minutes").gauges().isEmpty(),
                "no usage queue is opened");
    }
}
