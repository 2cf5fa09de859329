package io.modelgate.limits;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Holds the limit counters of every replica together through Redis, off the request path: every
 * {@code modelgate.limits.sync-interval} one batch adds each active counter's calls and tokens since the last exchange
 * to its minute's Redis keys ({@code INCRBY}, expiring after three minutes) and reads back every replica's totals for
 * that minute and the one before; a budget's spending since then goes to its period's hash the same way
 * ({@link #ADD_SPENDING}), and the calls in flight under a parallel limit to the limit's hash of replicas
 * ({@link #IN_FLIGHT}). Admission never waits for Redis; it counts on the last totals plus its own since. Hence the bound on overshoot: what the other replicas admit within one interval. When Redis cannot be reached the
 * counts are kept and sent once it can; meanwhile {@code fail-open} admits on what is known, {@code fail-closed}
 * refuses calls under a rate limit. Without {@code quarkus.redis.hosts}, each replica counts alone.
 */
@Singleton
public class SharedCounters {

    private static final Logger LOG = Logger.getLogger(SharedCounters.class);
    private static final String PREFIX = "modelgate:limit:";
    /** With nothing to exchange, how often Redis is asked whether it answers (every sync interval while it does not). */
    private static final long IDLE_PROBE_MS = 1000;
    /** Minute keys outlive the sliding window that reads them. */
    private static final String MINUTE_TTL = "180";
    /** A period's spending outlives the longest period (a month) it is read in. */
    private static final String PERIOD_TTL = Long.toString(Duration.ofDays(35).toSeconds());
    /**
     * Adds this replica's spending since the last exchange to a period's total, or, if Redis has none (a new period, or
     * Redis restarted empty), starts the total from all this replica knows was spent in it: the last shared total plus
     * its own since, or what the stored usage said when the counter was new. Atomic, so two replicas starting the same
     * total do not both count. Returns the total, {usd, tokens}.
     */
    static final String ADD_SPENDING = """
            if redis.call('EXISTS', KEYS[1]) == 1 then
              redis.call('HINCRBYFLOAT', KEYS[1], 'usd', ARGV[1])
              redis.call('HINCRBY', KEYS[1], 'tokens', ARGV[2])
            else
              redis.call('HSET', KEYS[1], 'usd', ARGV[3], 'tokens', ARGV[4])
            end
            redis.call('EXPIRE', KEYS[1], ARGV[5])
            return redis.call('HMGET', KEYS[1], 'usd', 'tokens')
            """;
    /**
     * Records this replica's calls in flight under a parallel limit ({@code ARGV[2]}, stamped with Redis's own clock, so
     * replicas' clocks need not agree) and returns the other replicas' that are fresh: a replica that stopped reporting
     * ({@code ARGV[3]} ms: it crashed, or has had no such call for two minutes) no longer counts, and its entry goes.
     */
    static final String IN_FLIGHT = """
            local time = redis.call('TIME')
            local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[2] .. ':' .. now)
            redis.call('PEXPIRE', KEYS[1], 180000)
            local others = 0
            local all = redis.call('HGETALL', KEYS[1])
            for i = 1, #all, 2 do
              if all[i] ~= ARGV[1] then
                local sep = string.find(all[i + 1], ':', 1, true)
                if now - tonumber(string.sub(all[i + 1], sep + 1)) <= tonumber(ARGV[3]) then
                  others = others + tonumber(string.sub(all[i + 1], 1, sep - 1))
                else
                  redis.call('HDEL', KEYS[1], all[i])
                end
              end
            end
            return others
            """;

    private final Vertx vertx;
    private final LimitBook book;
    private final LimitsConfig config;
    private final Instance<Redis> redisClient;
    private final Optional<String> hosts;
    private final AtomicBoolean exchanging = new AtomicBoolean();
    /** This process among the replicas, for the calls it has in flight. */
    private final String replica = UUID.randomUUID().toString();
    /** A replica's calls in flight count for others until it has missed a few exchanges. */
    private final String inFlightFreshMs;
    /** How long an exchange may take before Redis is taken as unreachable (a hung server, a network dropping packets). */
    private final long exchangeTimeoutMs;
    /** When Redis last answered or was asked: with nothing to exchange, it is still asked now and then, so the state is true. */
    private long lastAskedMs;
    /** 1 shared, 0 Redis unreachable, -1 not configured (each replica alone). */
    private volatile int state;
    private Redis redis;
    private long timer = -1;

    @Inject
    SharedCounters(Vertx vertx, Limits limits, LimitsConfig config, Instance<Redis> redisClient, MeterRegistry registry) {
        this(vertx, limits.book(), config, redisClient, registry,
                ConfigProvider.getConfig().getOptionalValue("quarkus.redis.hosts", String.class));
    }

    /** For tests: the book (with a clock of the test's own) and {@code quarkus.redis.hosts} given, not looked up. */
    SharedCounters(Vertx vertx, LimitBook book, LimitsConfig config, Instance<Redis> redisClient, MeterRegistry registry,
            Optional<String> hosts) {
        this.vertx = vertx;
        this.book = book;
        this.config = config;
        this.redisClient = redisClient;
        this.hosts = hosts.filter(h -> !h.isBlank());
        this.state = hosts.isPresent() ? 1 : -1;
        this.inFlightFreshMs = Long.toString(Math.max(2000, 4 * config.syncInterval().toMillis()));
        this.exchangeTimeoutMs = Math.max(1000, 4 * config.syncInterval().toMillis());
        Gauge.builder("modelgate.limits.shared", this, counters -> counters.state)
                .description("Whether rate limits are held across replicas: 1 through Redis, 0 Redis unreachable (each replica "
                        + "counts alone meanwhile), -1 not configured").register(registry);
    }

    void start(@Observes StartupEvent start) {
        if (hosts.isEmpty()) {
            LOG.info("Limits (rates, calls in flight, budgets) are held in this replica's memory (no quarkus.redis.hosts): N replicas admit up to N "
                    + "times a limit");
            return;
        }
        redis = redisClient.get();
        LOG.infof("Limits (rates, calls in flight, budgets) are shared by every replica through Redis, exchanged every %s (%s)", config.syncInterval(),
                config.redisFailure() == LimitsConfig.RedisFailure.FAIL_CLOSED ? "fail-closed" : "fail-open");
        timer = vertx.setPeriodic(config.syncInterval().toMillis(), id -> exchange());
    }

    void stop(@Observes ShutdownEvent stop) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** One counter's part of the batch: what was taken from it, and where its replies are (-1: none asked for). */
    private record Sent(LimitCounter counter, LimitCounter.Unsent unsent, int firstReply, int spendingReply, int inFlightReply) {
    }

    private void exchange() {
        if (!exchanging.compareAndSet(false, true)) {
            return; // the last exchange has not returned: its counts stay with it
        }
        long now = book.millis();
        List<Request> batch = new ArrayList<>();
        List<Sent> sent = new ArrayList<>();
        book.forEachCounter((key, counter) -> {
            LimitCounter.Unsent unsent = counter.takeUnsent(now);
            if (unsent == null) {
                return;
            }
            int first = batch.size();
            String base = PREFIX + key + ":";
            add(batch, base + "r:" + unsent.minute(), unsent.requests());
            add(batch, base + "t:" + unsent.minute(), unsent.tokens());
            add(batch, base + "r:" + (unsent.minute() - 1), unsent.requestsBefore());
            add(batch, base + "t:" + (unsent.minute() - 1), unsent.tokensBefore());
            int spendingReply = -1;
            LimitCounter.Spending spending = unsent.spending();
            if (spending != null) {
                spendingReply = batch.size();
                batch.add(Request.cmd(Command.EVAL).arg(ADD_SPENDING).arg(1).arg(base + "b:" + spending.period())
                        .arg(amount(spending.usd())).arg(spending.tokens()).arg(amount(spending.knownUsd())).arg(spending.knownTokens())
                        .arg(PERIOD_TTL));
            }
            int inFlightReply = -1;
            if (unsent.inFlight() >= 0) {
                inFlightReply = batch.size();
                batch.add(Request.cmd(Command.EVAL).arg(IN_FLIGHT).arg(1).arg(base + "p").arg(replica).arg(unsent.inFlight())
                        .arg(inFlightFreshMs));
            }
            sent.add(new Sent(counter, unsent, first, spendingReply, inFlightReply));
        });
        if (batch.isEmpty()) {
            if (state == 0 || now - lastAskedMs >= IDLE_PROBE_MS) {
                probe(now); // nothing to exchange: Redis is still asked, so that its state is known (and fail-closed ends)
            } else {
                exchanging.set(false);
            }
            return;
        }
        lastAskedMs = now;
        redis.batch(batch).timeout(exchangeTimeoutMs, TimeUnit.MILLISECONDS).onComplete(result -> {
            long later = book.millis();
            if (result.succeeded()) {
                List<Response> replies = result.result();
                for (Sent one : sent) {
                    int at = one.firstReply();
                    one.counter().shared(one.unsent().minute(), value(replies, at), value(replies, at + 2), value(replies, at + 4),
                            value(replies, at + 6), later);
                    if (one.spendingReply() >= 0) {
                        Response total = replies.get(one.spendingReply());
                        one.counter().sharedSpending(one.unsent().spending().period(), Double.parseDouble(total.get(0).toString()),
                                total.get(1).toLong());
                    }
                    if (one.inFlightReply() >= 0) {
                        one.counter().othersInFlight(replies.get(one.inFlightReply()).toInteger());
                    }
                }
                reachable(true, null);
            } else {
                sent.forEach(one -> one.counter().restore(one.unsent(), later));
                reachable(false, result.cause());
            }
            exchanging.set(false);
        });
    }

    /** Asks Redis whether it answers, when there is nothing to exchange. */
    private void probe(long now) {
        lastAskedMs = now;
        redis.send(Request.cmd(Command.PING)).timeout(exchangeTimeoutMs, TimeUnit.MILLISECONDS).onComplete(result -> {
            reachable(result.succeeded(), result.cause());
            exchanging.set(false);
        });
    }

    /** INCRBY (by 0 it reads) and EXPIRE: two replies per key, the first the key's total. */
    private static void add(List<Request> batch, String key, long delta) {
        batch.add(Request.cmd(Command.INCRBY).arg(key).arg(delta));
        batch.add(Request.cmd(Command.EXPIRE).arg(key).arg(MINUTE_TTL));
    }

    /** Dollars as Redis reads a float: plain decimal notation, never an exponent. */
    private static String amount(double usd) {
        return BigDecimal.valueOf(usd).toPlainString();
    }

    private static long value(List<Response> replies, int at) {
        Response reply = replies.get(at);
        return reply == null ? 0 : reply.toLong();
    }

    private void reachable(boolean now, Throwable failure) {
        boolean was = state == 1;
        state = now ? 1 : 0;
        book.refuseRates(!now && config.redisFailure() == LimitsConfig.RedisFailure.FAIL_CLOSED);
        if (was && !now) {
            LOG.warnf("Redis cannot be reached (%s): limits are counted by this replica alone until it is back%s",
                    failure == null ? "" : failure.getMessage(),
                    config.redisFailure() == LimitsConfig.RedisFailure.FAIL_CLOSED ? ", and calls under a rate limit are refused" : "");
        } else if (!was && now) {
            LOG.info("Redis is reachable again: limits are shared by every replica");
        }
    }
}
