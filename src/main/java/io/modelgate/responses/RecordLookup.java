package io.modelgate.responses;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Finds a record of a response by id, wherever it was made: in this replica's memory, else in the database (on a
 * worker thread). An id the database does not hold yet may have been created through another replica a moment ago,
 * whose batch is still on its way: the database is asked once more after {@code wait} before the id is taken as
 * unknown. Records no longer {@code live} are not found.
 */
final class RecordLookup<T> {

    private final Vertx vertx;
    private final Duration wait;
    private final Function<String, T> cached;
    private final Function<String, Optional<T>> stored;
    private final Predicate<T> live;

    RecordLookup(Vertx vertx, Duration wait, Function<String, T> cached, Function<String, Optional<T>> stored, Predicate<T> live) {
        this.vertx = vertx;
        this.wait = wait;
        this.cached = cached;
        this.stored = stored;
        this.live = live;
    }

    Future<Optional<T>> find(String id) {
        T inMemory = cached.apply(id);
        if (inMemory != null) {
            return Future.succeededFuture(Optional.of(inMemory).filter(live));
        }
        return fromDatabase(id).compose(found -> found.isPresent() ? Future.succeededFuture(found)
                : vertx.timer(wait.toMillis()).compose(fired -> fromDatabase(id)));
    }

    private Future<Optional<T>> fromDatabase(String id) {
        return vertx.executeBlocking(() -> QuarkusTransaction.requiringNew().call(() -> stored.apply(id).filter(live)), false);
    }
}
