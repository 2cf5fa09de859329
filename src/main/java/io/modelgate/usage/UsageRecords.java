package io.modelgate.usage;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.All;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Carries each call's {@link UsageRecord} off the event loop to every {@link UsageRecord.Sink} (the metrics, the
 * access log, the usage aggregates): the event loop only puts the record in a bounded queue, and one thread takes
 * what has gathered every {@link #DRAIN_INTERVAL_MS} and hands it over as a batch. Nobody is woken per record, and
 * each sink works through a batch at once (the access log writes it in one go). A full queue (a sink stuck) drops
 * records, counted in {@code modelgate_usage_records_dropped_total}.
 */
@Singleton
public class UsageRecords {

    private static final Logger LOG = Logger.getLogger(UsageRecords.class);
    static final long DRAIN_INTERVAL_MS = 5;
    private static final int CAPACITY = 65_536;
    private static final int MAX_BATCH = 4096;

    private final ArrayBlockingQueue<UsageRecord> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final List<UsageRecord.Sink> sinks;
    private final Counter dropped;
    private volatile boolean running = true;
    private Thread drainer;

    UsageRecords(@All List<UsageRecord.Sink> sinks, MeterRegistry registry) {
        this.sinks = List.copyOf(sinks);
        this.dropped = Counter.builder("modelgate.usage.records.dropped")
                .description("Call records dropped because the thread that logs, counts and stores them fell behind")
                .register(registry);
    }

    void start(@Observes StartupEvent start) {
        drainer = new Thread(this::drainLoop, "modelgate-usage-records");
        drainer.setDaemon(true);
        drainer.start();
    }

    /** Hands a finished call on; never blocks. */
    public void publish(UsageRecord record) {
        if (!queue.offer(record)) {
            dropped.increment();
        }
    }

    /** Hands everything published so far to the sinks, on the calling thread once the drainer has stopped. */
    void stop(@Observes @Priority(100) ShutdownEvent stop) { // before the sinks' own shutdown: they get the last records
        running = false;
        if (drainer != null) {
            LockSupport.unpark(drainer);
            try {
                drainer.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        drainOnce(new ArrayList<>());
    }

    private void drainLoop() {
        List<UsageRecord> batch = new ArrayList<>();
        while (running) {
            if (!drainOnce(batch)) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(DRAIN_INTERVAL_MS));
            }
        }
    }

    /** Hands one batch to the sinks; false when there was none. */
    private boolean drainOnce(List<UsageRecord> batch) {
        batch.clear();
        queue.drainTo(batch, MAX_BATCH);
        if (batch.isEmpty()) {
            return false;
        }
        for (UsageRecord.Sink sink : sinks) {
            try {
                sink.accept(batch);
            } catch (RuntimeException e) {
                LOG.errorf(e, "%s failed on %d call records", sink.getClass().getSimpleName(), batch.size());
            }
        }
        return true;
    }
}
