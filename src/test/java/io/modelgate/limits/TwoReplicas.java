package io.modelgate.limits;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.modelgate.identity.Caller;
import io.modelgate.testing.OwnRedisServer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import jakarta.enterprise.inject.Instance;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * Two replicas' limit counters ({@link LimitBook} and {@link SharedCounters}, as the gateway wires them) exchanging
 * through a redis-server of the test's own, which the test may stop, on one clock the test moves. Each replica has its
 * own Redis connection, as separate processes would.
 */
final class TwoReplicas implements AutoCloseable {

    /** Short, so that a test waits a few hundred milliseconds for replicas to agree. */
    static final Duration SYNC_INTERVAL = Duration.ofMillis(50);

    /** How {@code modelgate.limits.*} is set, as the config mapping would give it. */
    record Config(Duration syncInterval, RedisFailure redisFailure) implements LimitsConfig {
    }

    final OwnRedisServer redis;
    final LimitBookTest.TestClock clock = new LimitBookTest.TestClock(Instant.parse("2026-12-01T10:00:30Z"));
    final Replica a;
    final Replica b;
    private final Vertx vertx = Vertx.vertx();
    /** The test's own connection, to look at what the replicas left in Redis. */
    private final Redis inspector;

    TwoReplicas(LimitsConfig.RedisFailure onFailure, BudgetHistory history) throws Exception {
        redis = OwnRedisServer.start();
        inspector = Redis.createClient(vertx, redis.url());
        a = new Replica(onFailure, history);
        b = new Replica(onFailure, history);
    }

    /** One gateway process's counters: its book, its exchange with Redis and its metrics. */
    final class Replica {
        final LimitBook book;
        private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
        private final Redis client = Redis.createClient(vertx, redis.url());
        private final SharedCounters counters;

        private Replica(LimitsConfig.RedisFailure onFailure, BudgetHistory history) {
            this.book = new LimitBook(clock, ZoneOffset.UTC, history);
            this.counters = new SharedCounters(vertx, book, new Config(SYNC_INTERVAL, onFailure), injected(client), registry,
                    Optional.of(redis.url()));
            counters.start(new StartupEvent());
        }

        LimitVerdict admit(LimitRule rule, Caller caller) {
            return book.admit(List.of(rule), caller);
        }

        LimitBook.Admission admitted(LimitRule rule, Caller caller) {
            return assertInstanceOf(LimitBook.Admission.class, admit(rule, caller));
        }

        LimitExceeded refused(LimitRule rule, Caller caller) {
            return assertInstanceOf(LimitExceeded.class, admit(rule, caller));
        }

        LimitStanding standing(LimitRule rule, Caller caller) {
            return book.standing(List.of(rule), caller).get(0);
        }

        /** {@code modelgate_limits_shared}: 1 shared through Redis, 0 Redis unreachable. */
        double shared() {
            return registry.get("modelgate.limits.shared").gauge().value();
        }

        /** The replica stops exchanging, as one that crashed or was stopped does. */
        void stop() {
            counters.stop(new ShutdownEvent());
        }

        private void close() {
            stop();
            client.close();
        }
    }

    /** A field of a hash in Redis, or null. */
    String hashField(String key, String field) throws Exception {
        Response value = inspector.send(Request.cmd(Command.HGET).arg(key).arg(field)).toCompletionStage().toCompletableFuture()
                .get(5, TimeUnit.SECONDS);
        return value == null ? null : value.toString();
    }

    /** What CDI would inject: SharedCounters only ever asks the instance for its one client. */
    @SuppressWarnings("unchecked")
    private static Instance<Redis> injected(Redis client) {
        return (Instance<Redis>) Proxy.newProxyInstance(TwoReplicas.class.getClassLoader(), new Class<?>[] {Instance.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("get")) {
                        return client;
                    }
                    throw new UnsupportedOperationException("Instance." + method.getName());
                });
    }

    @Override
    public void close() throws Exception {
        a.close();
        b.close();
        inspector.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        redis.close();
    }
}
