package io.modelgate.responses;

import io.modelgate.store.Sql;
import io.vertx.core.Vertx;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Writes stored-response records to PostgreSQL in batches, off the request path: a record costs the event loop a
 * queue insertion, and one worker at a time drains the queue with a single statement per batch, so however many
 * responses are created at once the database sees at most a statement per {@link #GATHER_MS}, not one per response. Nothing
 * waits for a write; a replica that looks an id up before its row lands waits for it instead
 * ({@link StoredResponses#find}). While the database cannot be written, records stay queued (at most
 * {@code limit}) and are written once it can.
 */
final class RecordWriter {

    private static final Logger LOG = Logger.getLogger(RecordWriter.class);
    private static final int MAX_BATCH = 500;
    /**
     * How long the first record of a batch waits for others: a statement costs the gateway ~150 µs of CPU, a row next
     * to nothing, and nothing waits for the write (a replica asked for an id waits {@code record-wait} for it).
     */
    static final long GATHER_MS = 20;
    private static final long RETRY_MS = 1000;
    private static final String INSERT = """
            insert into stored_response (response_id, model, home, issuer, subject, expires_at)
            select *, now() + make_interval(secs => ?) from unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[])
            on conflict (response_id) do nothing""";

    private final Vertx vertx;
    private final Sql sql;
    private final int limit;
    /** Records expire this long after their batch is written: a gather later than they were made, which is nothing to a retention of days. */
    private final double retentionSeconds;
    private final Queue<StoredResponse> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean dropping = new AtomicBoolean();
    private volatile boolean failing;

    RecordWriter(Vertx vertx, Sql sql, int limit, Duration retention) {
        this.vertx = vertx;
        this.sql = sql;
        this.limit = limit;
        this.retentionSeconds = retention.toMillis() / 1000.0;
    }

    /** Queues a record for the next batch; past {@code limit} records waiting, it is dropped (and that is logged). */
    void write(StoredResponse record) {
        if (queued.incrementAndGet() > limit) {
            queued.decrementAndGet();
            if (dropping.compareAndSet(false, true)) {
                LOG.warnf("%d stored-response records are waiting for the database; newer ones are kept by this replica only", limit);
            }
            return;
        }
        queue.add(record);
        if (draining.compareAndSet(false, true)) {
            drainAfter(GATHER_MS);
        }
    }

    /** Writes what is queued now, on the calling thread (at shutdown). */
    void flush() {
        List<StoredResponse> batch;
        while (!(batch = poll()).isEmpty()) {
            insert(batch);
        }
    }

    private void drainAfter(long delayMs) {
        vertx.setTimer(delayMs, id -> vertx.executeBlocking(this::drain, false));
    }

    private Void drain() {
        while (true) {
            List<StoredResponse> batch = poll();
            if (batch.isEmpty()) {
                draining.set(false);
                // a record queued after the last poll but before the flag fell finds no drainer: take it on
                if (queue.isEmpty() || !draining.compareAndSet(false, true)) {
                    return null;
                }
                continue;
            }
            try {
                insert(batch);
            } catch (RuntimeException e) {
                queue.addAll(batch);
                queued.addAndGet(batch.size());
                if (!failing) {
                    failing = true;
                    LOG.warnf("Stored-response records could not be written (%s); retrying every %d ms", e.getMessage(), RETRY_MS);
                }
                drainAfter(RETRY_MS); // still draining: new records join the retry rather than hammer the database
                return null;
            }
            if (failing) {
                failing = false;
                LOG.info("Stored-response records are written again");
            }
            dropping.set(false);
        }
    }

    private List<StoredResponse> poll() {
        List<StoredResponse> batch = new ArrayList<>();
        for (StoredResponse next; batch.size() < MAX_BATCH && (next = queue.poll()) != null; ) {
            batch.add(next);
        }
        queued.addAndGet(-batch.size());
        return batch;
    }

    private void insert(List<StoredResponse> batch) {
        int n = batch.size();
        String[] ids = new String[n];
        String[] models = new String[n];
        String[] homes = new String[n];
        String[] issuers = new String[n];
        String[] subjects = new String[n];
        for (int i = 0; i < n; i++) {
            StoredResponse record = batch.get(i);
            ids[i] = record.id();
            models[i] = record.model();
            homes[i] = record.home();
            issuers[i] = record.issuer();
            subjects[i] = record.subject();
        }
        sql.update(INSERT, retentionSeconds, ids, models, homes, issuers, subjects);
    }
}
