package io.modelgate.responses;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.modelgate.store.BackgroundWriter;
import io.modelgate.store.WriteQueue;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import jakarta.inject.Singleton;
import org.hibernate.StatelessSession;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Where stored Responses API answers live, for every replica: a {@link StoredResponse} per response in PostgreSQL,
 * and the recent ones in memory so a replica's own callers chain and read back without waiting for the database.
 * Records reach the database through the {@link BackgroundWriter} in batches ({@link #GATHER}); every other statement
 * runs on a worker thread, never the event loop.
 */
@Singleton
public class StoredResponses {

    private static final Logger LOG = Logger.getLogger(StoredResponses.class);
    /**
     * How long records gather before they are written together: a statement costs the gateway ~150 µs of CPU, a row
     * next to nothing, and nothing waits for the write (a replica asked for an id waits {@code record-wait} for it).
     */
    static final Duration GATHER = Duration.ofMillis(20);
    private static final int MAX_BATCH = 500;

    private final Vertx vertx;
    private final ResponsesConfig config;
    private final Clock clock;
    private final Cache<String, StoredResponse> recent;
    private final WriteQueue<StoredResponse> records;
    private final RecordLookup<StoredResponse> lookup;

    StoredResponses(Vertx vertx, ResponsesConfig config, BackgroundWriter writer, StatelessSession session) {
        this.vertx = vertx;
        this.config = config;
        this.clock = Clock.systemUTC();
        this.recent = Caffeine.newBuilder().maximumSize(config.cacheEntries()).expireAfterWrite(config.retention()).build();
        this.records = writer.open(WriteQueue.fifo(new WriteQueue.Spec<>("stored_responses", config.cacheEntries(), GATHER, MAX_BATCH,
                true, batch -> QuarkusTransaction.requiringNew().run(() -> session.insertMultiple(batch)))));
        this.lookup = new RecordLookup<>(vertx, config.recordWait(), recent::getIfPresent,
                id -> StoredResponse.<StoredResponse>findByIdOptional(id), this::live);
    }

    /** A record for a response just created, expiring after the retention. */
    public StoredResponse newRecord(String id, String model, String home, String issuer, String subject) {
        Instant now = clock.instant();
        return new StoredResponse(id, model, home, issuer == null ? "" : issuer, subject, now, now.plus(config.retention()));
    }

    /**
     * Remembers a response: at once in this replica's memory, and in the database with the next batch, which nothing
     * waits for. A record is never overwritten: whoever created a response first owns it.
     */
    public void remember(StoredResponse response) {
        recent.asMap().putIfAbsent(response.id, response);
        records.offer(response);
    }

    /**
     * The response with this id, if the gateway knows it and it has not expired. An id this replica has not seen
     * and the database does not hold yet may have just been created through another replica, whose batch is still
     * on its way: the database is asked once more after {@code record-wait} before the id is taken as unknown.
     */
    public Future<Optional<StoredResponse>> find(String id) {
        return lookup.find(id);
    }

    /**
     * Forgets a response its upstream has deleted. Another replica may still hold it in memory for a while; what it
     * then forwards its owner's calls to is the upstream, which answers 404 for a deleted response.
     */
    public Future<Void> forget(String id) {
        recent.invalidate(id);
        return vertx.<Void>executeBlocking(() -> {
            QuarkusTransaction.requiringNew().run(() -> StoredResponse.deleteById(id));
            return null;
        }, false).onFailure(failure -> LOG.warnf("Could not delete the record of stored response %s: %s", id, failure.getMessage()));
    }

    private boolean live(StoredResponse response) {
        return response.expiresAt.isAfter(clock.instant());
    }
}
