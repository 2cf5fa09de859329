package io.modelgate.store;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Writes what the request path produces — call records to their sinks, usage sums, stored-response records — off the
 * request path, the same way for every kind: each {@link WriteQueue} is drained by a thread of its own every interval,
 * in batches, so a slow or absent database holds up only the queue that needs it.
 *
 * <p>The loss rule, for every queue alike:
 * <ul>
 *   <li>A batch the database could not take (unreachable, or any failure but refused values) is put back and tried
 *       again first, after a back-off from 1 s doubling to 30 s; meanwhile the queue keeps filling up to its capacity,
 *       and what arrives beyond it is dropped and counted ({@code modelgate_writer_dropped_total}).</li>
 *   <li>A record whose values the database refuses (too long, a constraint; or its own Bean Validation constraints) can
 *       never be written: it is dropped, counted and logged, and the rest of its batch is written without it.</li>
 *   <li>On shutdown (SIGTERM) every queue is written out, each queue once more after those that feed it, for up to
 *       {@code modelgate.writer.shutdown-flush-timeout} while the database cannot be reached; what is still queued
 *       then is logged as lost. A SIGKILL loses what is queued: one interval's records, plus all a database outage
 *       had kept back.</li>
 * </ul>
 */
@Singleton
public class BackgroundWriter {

    private static final Logger LOG = Logger.getLogger(BackgroundWriter.class);
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final MeterRegistry registry;
    private final Validator validator;
    private final WriterConfig config;
    private final List<Drain<?>> drains = new CopyOnWriteArrayList<>();
    private volatile boolean running = true;

    BackgroundWriter(MeterRegistry registry, Validator validator, WriterConfig config) {
        this.registry = registry;
        this.validator = validator;
        this.config = config;
    }

    /** Starts writing a queue: its thread, and its metrics. */
    public <T> WriteQueue<T> open(WriteQueue<T> queue) {
        Drain<T> drain = new Drain<>(queue);
        drains.add(drain);
        drain.thread.start();
        return queue;
    }

    /**
     * Writes everything still queued, on the calling thread, once the queues' threads have stopped: rounds over every
     * queue until one finds nothing to write (a queue that feeds another is emptied before that one is written again).
     * Early among the shutdown observers, while the database connections and the sinks still work.
     */
    void stop(@Observes @Priority(50) ShutdownEvent stop) {
        running = false;
        drains.forEach(drain -> LockSupport.unpark(drain.thread));
        for (Drain<?> drain : drains) {
            try {
                drain.thread.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        long deadline = System.nanoTime() + config.shutdownFlushTimeout().toNanos();
        boolean wrote = true;
        while (wrote) {
            wrote = false;
            boolean failing = false;
            for (Drain<?> drain : drains) {
                Drain.Outcome outcome = drain.writeAll();
                wrote |= outcome == Drain.Outcome.WROTE;
                failing |= outcome == Drain.Outcome.FAILED;
            }
            if (failing) {
                if (System.nanoTime() > deadline) {
                    break;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
                wrote = true;
            }
        }
        for (Drain<?> drain : drains) {
            int lost = drain.queue.depth();
            if (lost > 0) {
                LOG.errorf("%d %s records could not be written before shutdown and are lost", lost, drain.queue.spec().name());
            }
        }
    }

    /** One queue's thread, its metrics and its state across failures. */
    private final class Drain<T> {

        enum Outcome { NOTHING, WROTE, FAILED }

        private final WriteQueue<T> queue;
        private final WriteQueue.Spec<T> spec;
        private final Thread thread;
        private final Counter written;
        private final Counter dropped;
        private final Counter failures;
        private volatile boolean droppingLogged;
        private Duration backoff = Duration.ZERO;

        Drain(WriteQueue<T> queue) {
            this.queue = queue;
            this.spec = queue.spec();
            String name = spec.name();
            Gauge.builder("modelgate.writer.queue.depth", queue, WriteQueue::depth).tag("queue", name)
                    .description("Records waiting to be written").register(registry);
            Gauge.builder("modelgate.writer.queue.capacity", spec, WriteQueue.Spec::capacity).tag("queue", name)
                    .description("Records the queue holds at most").register(registry);
            this.written = Counter.builder("modelgate.writer.written").tag("queue", name).description("Records written")
                    .register(registry);
            this.dropped = Counter.builder("modelgate.writer.dropped").tag("queue", name)
                    .description("Records dropped: the queue was full, or the database refused their values").register(registry);
            this.failures = Counter.builder("modelgate.writer.failures").tag("queue", name)
                    .description("Batches that could not be written and wait to be tried again").register(registry);
            queue.onDrop(this::droppedAsFull);
            this.thread = new Thread(this::run, "modelgate-writer-" + name);
            this.thread.setDaemon(true);
        }

        private void run() {
            while (running) {
                LockSupport.parkNanos(backoff.isZero() ? spec.interval().toNanos() : backoff.toNanos());
                try {
                    if (running) {
                        writeAll();
                    }
                } catch (RuntimeException | Error e) { // the thread must outlive any failure
                    LOG.errorf(e, "Writing %s records failed", spec.name());
                }
            }
        }

        /** Writes batches until the queue is empty or a batch fails. */
        Outcome writeAll() {
            Outcome outcome = Outcome.NOTHING;
            List<T> batch;
            while (!(batch = queue.take(spec.maxBatch())).isEmpty()) {
                if (!write(batch)) {
                    return Outcome.FAILED;
                }
                outcome = Outcome.WROTE;
            }
            return outcome;
        }

        private boolean write(List<T> batch) {
            List<T> valid = spec.validated() ? valid(batch) : batch;
            try {
                if (!valid.isEmpty()) {
                    spec.writes().write(valid);
                }
                written.increment(valid.size());
                recovered();
                return true;
            } catch (RuntimeException e) {
                if (DatabaseFailure.of(e) == DatabaseFailure.REFUSED_VALUES) {
                    return writeOneByOne(valid);
                }
                keepForLater(valid, e);
                return false;
            }
        }

        /** A batch the database refused: each record alone, so only the ones it refuses are lost. */
        private boolean writeOneByOne(List<T> batch) {
            for (int i = 0; i < batch.size(); i++) {
                try {
                    spec.writes().write(List.of(batch.get(i)));
                    written.increment();
                } catch (RuntimeException e) {
                    if (DatabaseFailure.of(e) != DatabaseFailure.REFUSED_VALUES) {
                        keepForLater(batch.subList(i, batch.size()), e);
                        return false;
                    }
                    dropped.increment();
                    LOG.warnf("A %s record was refused by the database and is dropped: %s", spec.name(), rootMessage(e));
                }
            }
            recovered();
            return true;
        }

        private void keepForLater(List<T> batch, RuntimeException failure) {
            queue.putBack(new ArrayList<>(batch));
            failures.increment();
            if (backoff.isZero()) {
                LOG.warnf("%d %s records could not be written (%s); they are kept and tried again, from %s on", batch.size(),
                        spec.name(), rootMessage(failure), FIRST_BACKOFF);
                backoff = FIRST_BACKOFF;
            } else {
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }

        private List<T> valid(List<T> batch) {
            List<T> valid = new ArrayList<>(batch.size());
            for (T record : batch) {
                Set<ConstraintViolation<T>> violations = validator.validate(record);
                if (violations.isEmpty()) {
                    valid.add(record);
                } else {
                    dropped.increment();
                    ConstraintViolation<T> first = violations.iterator().next();
                    LOG.warnf("A %s record is invalid and dropped: %s %s", spec.name(), first.getPropertyPath(), first.getMessage());
                }
            }
            return valid;
        }

        private void recovered() {
            if (!backoff.isZero()) {
                backoff = Duration.ZERO;
                LOG.infof("%s records are written again", spec.name());
            }
            droppingLogged = false;
        }

        private void droppedAsFull() {
            dropped.increment();
            if (!droppingLogged) {
                droppingLogged = true;
                LOG.warnf("%d %s records are waiting to be written; further ones are dropped (modelgate_writer_dropped_total)",
                        queue.depth(), spec.name());
            }
        }
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
