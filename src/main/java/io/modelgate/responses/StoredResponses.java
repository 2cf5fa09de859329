package io.modelgate.responses;

import com.github.benmanes.caffeine.cache.Caffeine;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.modelgate.store.BackgroundWriter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import jakarta.inject.Singleton;
import org.hibernate.StatelessSession;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Where stored Responses API answers live, for every replica: a {@link StoredResponse} per response in PostgreSQL,
 * and the recent ones in memory so a replica's own callers chain and read back without waiting for the database.
 * Records reach the database in batches ({@link ResponseRecords}); every other statement runs on a worker thread, never
 * the event loop.
 */
@Singleton
// Caffeine picks a bounded cache with write expiry's classes by name at run time: the native executable must keep them
@RegisterForReflection(classNames = {"com.github.benmanes.caffeine.cache.SSMSW", "com.github.benmanes.caffeine.cache.PSWMS"})
public class StoredResponses {

    private static final Logger LOG = Logger.getLogger(StoredResponses.class);
    private static final int MAX_BATCH = 500;

    private final ResponsesConfig config;
    private final Clock clock = Clock.systemUTC();
    private final ResponseRecords<StoredResponse> records;

    StoredResponses(Vertx vertx, ResponsesConfig config, BackgroundWriter writer, StatelessSession session) {
        this.config = config;
        this.records = new ResponseRecords<>("stored_responses", config.cacheEntries(), MAX_BATCH,
                Caffeine.newBuilder().maximumSize(config.cacheEntries()).expireAfterWrite(config.retention()).build(),
                id -> StoredResponse.<StoredResponse>findByIdOptional(id), vertx, config, writer, session);
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
        records.keep(response);
    }

    /**
     * The response with this id, if the gateway knows it and it has not expired (waiting {@code record-wait} for one
     * another replica made a moment ago).
     */
    public Future<Optional<StoredResponse>> find(String id) {
        return records.find(id);
    }

    /**
     * Forgets a response its upstream has deleted. Another replica may still hold it in memory for a while; what it
     * then forwards its owner's calls to is the upstream, which answers 404 for a deleted response.
     */
    public Future<Void> forget(String id) {
        return records.forget(id, stale -> StoredResponse.deleteById(stale))
                .onFailure(failure -> LOG.warnf("Could not delete the record of stored response %s: %s", id, failure.getMessage()));
    }
}
