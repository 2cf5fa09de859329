package io.modelgate.responses;

import com.github.benmanes.caffeine.cache.Cache;
import io.modelgate.store.BackgroundWriter;
import io.modelgate.store.WriteQueue;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.hibernate.StatelessSession;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * Records of responses, for every replica: in this replica's memory ({@code recent}) the moment they are made, and in
 * PostgreSQL with the next batch of the {@link BackgroundWriter} (gathered for {@link #GATHER}), which nothing waits
 * for. A record is found in memory, else in the database on a worker thread; an id the database does not hold yet may
 * have been made through another replica a moment ago, whose batch is still on its way, so the database is asked once
 * more after {@code record-wait} before the id is taken as unknown. Expired records are not found.
 */
final class ResponseRecords<T extends ResponseRecord> {

    /**
     * How long records gather before they are written together: a statement costs the gateway ~150 µs of CPU, a row
     * next to nothing, and nothing waits for the write.
     */
    static final Duration GATHER = Duration.ofMillis(20);

    private final Vertx vertx;
    private final Duration wait;
    private final Clock clock = Clock.systemUTC();
    private final Cache<String, T> recent;
    private final WriteQueue<T> writes;
    private final Function<String, Optional<T>> stored;

    /**
     * {@code queue}: the write queue's name (its metrics' {@code queue} tag); {@code capacity} records wait there at
     * most while the database cannot be written; {@code stored} reads one by id, in a transaction.
     */
    ResponseRecords(String queue, int capacity, int maxBatch, Cache<String, T> recent, Function<String, Optional<T>> stored, Vertx vertx,
            ResponsesConfig config, BackgroundWriter writer, StatelessSession session) {
        this.vertx = vertx;
        this.wait = config.recordWait();
        this.recent = recent;
        this.stored = stored;
        this.writes = writer.open(WriteQueue.fifo(new WriteQueue.Spec<>(queue, capacity, GATHER, maxBatch, true,
                batch -> QuarkusTransaction.requiringNew().run(() -> session.insertMultiple(batch)))));
    }

    /** Keeps a record: at once in memory (unless one with its id is there), in the database with the next batch. */
    void keep(T record) {
        recent.asMap().putIfAbsent(record.id, record);
        writes.offer(record);
    }

    /** The record with this id in this replica's memory, expired or not; null when not there. */
    T inMemory(String id) {
        return recent.getIfPresent(id);
    }

    Future<Optional<T>> find(String id) {
        T inMemory = recent.getIfPresent(id);
        if (inMemory != null) {
            return Future.succeededFuture(Optional.of(inMemory).filter(this::live));
        }
        return fromDatabase(id).compose(found -> found.isPresent() ? Future.succeededFuture(found)
                : vertx.timer(wait.toMillis()).compose(fired -> fromDatabase(id)));
    }

    private Future<Optional<T>> fromDatabase(String id) {
        return vertx.executeBlocking(() -> QuarkusTransaction.requiringNew().call(() -> stored.apply(id).filter(this::live)), false);
    }

    /** Deletes a record, from memory at once and from the database on a worker thread; done when the database is. */
    Future<Void> forget(String id, Function<String, Boolean> delete) {
        recent.invalidate(id);
        return vertx.executeBlocking(() -> {
            QuarkusTransaction.requiringNew().run(() -> delete.apply(id));
            return null;
        }, false);
    }

    boolean live(T record) {
        return record.liveAt(clock.instant());
    }
}
