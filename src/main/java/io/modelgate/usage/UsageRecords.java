package io.modelgate.usage;

import io.modelgate.store.BackgroundWriter;
import io.modelgate.store.WriteQueue;
import io.quarkus.arc.All;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;

/**
 * Carries each call's {@link UsageRecord} off the event loop to every {@link UsageRecord.Sink} (the metrics, the
 * access log, the usage aggregates), through the {@link BackgroundWriter}: the event loop only puts the record in a
 * bounded queue, and the queue's thread hands what has gathered every {@link #DRAIN_INTERVAL} to each sink as a batch.
 * Nobody is woken per record, and each sink works through a batch at once (the access log writes it in one go).
 */
@Singleton
public class UsageRecords {

    private static final Logger LOG = Logger.getLogger(UsageRecords.class);
    static final Duration DRAIN_INTERVAL = Duration.ofMillis(5);
    private static final int CAPACITY = 65_536;
    private static final int MAX_BATCH = 4096;

    private final List<UsageRecord.Sink> sinks;
    private final WriteQueue<UsageRecord> queue;

    UsageRecords(@All List<UsageRecord.Sink> sinks, BackgroundWriter writer) {
        this.sinks = List.copyOf(sinks);
        this.queue = writer.open(WriteQueue.fifo(new WriteQueue.Spec<>("call_records", CAPACITY, DRAIN_INTERVAL, MAX_BATCH, false,
                this::handOver)));
    }

    /** Hands a finished call on; never blocks. */
    public void publish(UsageRecord record) {
        queue.offer(record);
    }

    /** Every sink gets the batch, whatever another one does with it. */
    private void handOver(List<UsageRecord> batch) {
        for (UsageRecord.Sink sink : sinks) {
            try {
                sink.accept(batch);
            } catch (RuntimeException e) {
                LOG.errorf(e, "%s failed on %d call records", sink.getClass().getSimpleName(), batch.size());
            }
        }
    }
}
