package io.modelgate.responses;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.modelgate.store.Sql;
import io.modelgate.store.StoreUnavailableException;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.Optional;

/**
 * Where stored Responses API answers live, for every replica: a row per response in PostgreSQL
 * ({@code stored_response}), and the recent ones in memory so a replica's own callers chain and read back
 * without waiting for the database. Every database statement runs on a worker thread, never the event loop.
 */
@Singleton
public class StoredResponses {

    private static final Logger LOG = Logger.getLogger(StoredResponses.class);

    private final Vertx vertx;
    private final Sql sql;
    private final ResponsesConfig config;
    private final Clock clock;
    private final Cache<String, StoredResponse> recent;
    private final RecordWriter writer;
    private long pruneTimer = -1;

    StoredResponses(Vertx vertx, Sql sql, ResponsesConfig config) {
        this.vertx = vertx;
        this.sql = sql;
        this.config = config;
        this.clock = Clock.systemUTC();
        this.recent = Caffeine.newBuilder().maximumSize(config.cacheEntries()).expireAfterWrite(config.retention()).build();
        this.writer = new RecordWriter(vertx, sql, config.cacheEntries(), config.retention());
    }

    void start(@Observes StartupEvent start) {
        pruneTimer = vertx.setPeriodic(config.pruneInterval().toMillis(), id -> vertx.executeBlocking(this::prune, false));
    }

    void stop(@Observes ShutdownEvent stop) {
        if (pruneTimer >= 0) {
            vertx.cancelTimer(pruneTimer);
        }
        try {
            writer.flush(); // the records of the last batch's gathering, so other replicas find them
        } catch (RuntimeException e) {
            LOG.warnf("Stored-response records created just before shutdown could not be written: %s", e.getMessage());
        }
    }

    /** A record for a response just created, expiring after the retention. */
    public StoredResponse newRecord(String id, String model, String home, String issuer, String subject) {
        return new StoredResponse(id, model, home, issuer == null ? "" : issuer, subject, clock.instant().plus(config.retention()));
    }

    /**
     * Remembers a response: at once in this replica's memory, and in the database in the next batch
     * ({@link RecordWriter}), which nothing waits for. A record is never overwritten: whoever created a response
     * first owns it.
     */
    public void remember(StoredResponse response) {
        recent.asMap().putIfAbsent(response.id(), response);
        writer.write(response);
    }

    /**
     * The response with this id, if the gateway knows it and it has not expired. An id this replica has not seen
     * and the database does not hold yet may have just been created through another replica, whose batch is still
     * on its way: the database is asked once more after {@code record-wait} before the id is taken as unknown.
     */
    public Future<Optional<StoredResponse>> find(String id) {
        StoredResponse cached = recent.getIfPresent(id);
        if (cached != null) {
            return Future.succeededFuture(Optional.of(cached).filter(this::live));
        }
        return lookUp(id).compose(found -> found.isPresent() ? Future.succeededFuture(found)
                : vertx.timer(config.recordWait().toMillis()).compose(fired -> lookUp(id)));
    }

    private Future<Optional<StoredResponse>> lookUp(String id) {
        return vertx.executeBlocking(() -> sql.query("""
                        select response_id, model, home, issuer, subject, expires_at from stored_response
                        where response_id = ? and expires_at > ?""",
                row -> new StoredResponse(row.getString("response_id"), row.getString("model"), row.getString("home"),
                        row.getString("issuer"), row.getString("subject"), Sql.instant(row, "expires_at")),
                id, clock.instant()).stream().findFirst(), false);
    }

    /**
     * Forgets a response its upstream has deleted. Another replica may still hold it in memory for a while; what it
     * then forwards its owner's calls to is the upstream, which answers 404 for a deleted response.
     */
    public Future<Void> forget(String id) {
        recent.invalidate(id);
        return vertx.<Void>executeBlocking(() -> {
            sql.update("delete from stored_response where response_id = ?", id);
            return null;
        }, false).onFailure(failure -> LOG.warnf("Could not delete the record of stored response %s: %s", id, failure.getMessage()));
    }

    private boolean live(StoredResponse response) {
        return response.expiresAt().isAfter(clock.instant());
    }

    /** Deletes expired records; any replica may, and several at once do no harm. */
    Void prune() {
        try {
            int deleted = sql.update("delete from stored_response where expires_at <= ?", clock.instant());
            if (deleted > 0) {
                LOG.debugf("Pruned %d expired stored-response records", deleted);
            }
        } catch (RuntimeException e) {
            LOG.log(StoreUnavailableException.unreachable(e) ? Logger.Level.DEBUG : Logger.Level.WARN,
                    "Could not prune expired stored-response records", e);
        }
        return null;
    }
}
