package io.modelgate.usage;

import io.modelgate.store.BackgroundWriter;
import io.modelgate.store.WriteQueue;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.hibernate.StatelessSession;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Sums metered calls per minute and caller × model × role × deployment × endpoint × status class ({@link UsageMinute}),
 * and MCP tool calls per minute and caller × server × tool × role × outcome ({@link ToolCallMinute}), and has the {@link BackgroundWriter} add the sums to PostgreSQL every {@code flush-interval}. The sums wait in a
 * coalescing queue, one row per key however many calls it holds, at most {@code max-pending-rows} of them: a database
 * outage costs memory in proportion to active callers × models, not to calls.
 */
@Singleton
public class UsageAggregates implements UsageRecord.Sink {

    private static final Logger LOG = Logger.getLogger(UsageAggregates.class);
    private static final int MAX_BATCH = 1000;

    private final Vertx vertx;
    private final UsageConfig config;
    private final WriteQueue<UsageMinute> minutes;
    private final WriteQueue<ToolCallMinute> toolCalls;
    private long pruneTimer = -1;

    @Inject
    UsageAggregates(Vertx vertx, UsageConfig config, BackgroundWriter writer, StatelessSession session) {
        this(vertx, config, writer, rows -> QuarkusTransaction.requiringNew().run(() -> session.insertMultiple(rows)),
                rows -> QuarkusTransaction.requiringNew().run(() -> session.insertMultiple(rows)));
    }

    /**
     * {@code upsertMinutes} and {@code upsertToolCalls} add a batch of rows, in write order, to the stored sums (the
     * entities' insert); a unit test plays the database with them.
     */
    UsageAggregates(Vertx vertx, UsageConfig config, BackgroundWriter writer, WriteQueue.Writes<UsageMinute> upsertMinutes,
            WriteQueue.Writes<ToolCallMinute> upsertToolCalls) {
        this.vertx = vertx;
        this.config = config;
        this.minutes = !config.enabled() ? null : open(writer, "usage_minutes", row -> row.key, UsageMinute.Key.WRITE_ORDER,
                UsageMinute::add, upsertMinutes);
        this.toolCalls = !config.enabled() ? null : open(writer, "tool_call_minutes", row -> row.key, ToolCallMinute.Key.WRITE_ORDER,
                ToolCallMinute::add, upsertToolCalls);
    }

    /** A queue of sums by key, written in the key's order, the same on every replica. */
    private <R, K> WriteQueue<R> open(BackgroundWriter writer, String name, Function<R, K> key, Comparator<K> writeOrder,
            BiConsumer<R, R> add, WriteQueue.Writes<R> upsert) {
        Comparator<R> order = Comparator.comparing(key, writeOrder);
        return writer.open(WriteQueue.coalescing(new WriteQueue.Spec<R>(name, config.maxPendingRows(), config.flushInterval(), MAX_BATCH, true,
                batch -> {
                    List<R> sorted = new ArrayList<>(batch);
                    sorted.sort(order);
                    upsert.write(sorted);
                }), key, add));
    }

    void start(@Observes StartupEvent start) {
        if (config.enabled()) {
            pruneTimer = vertx.setPeriodic(config.pruneInterval().toMillis(), id -> vertx.executeBlocking(this::prune, false));
        }
    }

    void stop(@Observes ShutdownEvent stop) {
        if (pruneTimer >= 0) {
            vertx.cancelTimer(pruneTimer);
        }
    }

    @Override
    public void accept(List<UsageRecord> batch) {
        if (minutes == null) {
            return;
        }
        for (UsageRecord record : batch) {
            if (record.metered()) {
                minutes.offer(UsageMinute.of(record));
            }
        }
    }

    /** An ended MCP {@code tools/call}, added to its minute's sums; never blocks. */
    public void toolCall(ToolCallMinute row) {
        if (toolCalls != null) {
            toolCalls.offer(row);
        }
    }

    private Void prune() {
        try {
            Instant before = Instant.now().minus(config.retention());
            long deleted = QuarkusTransaction.requiringNew().call(() -> UsageMinute.delete("key.minute < ?1", before)
                    + ToolCallMinute.delete("key.minute < ?1", before));
            LOG.debugf("Pruned %d usage rows older than %s", deleted, config.retention());
        } catch (RuntimeException e) {
            LOG.debugf("Usage rows could not be pruned: %s", e.getMessage());
        }
        return null;
    }
}
