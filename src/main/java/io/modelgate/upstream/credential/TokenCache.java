package io.modelgate.upstream.credential;

import io.modelgate.policy.FailurePolicy;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.modelgate.telemetry.SpanAttributes;
import io.modelgate.telemetry.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.vertx.core.Vertx;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * Upstream tokens, one cache entry per credential (an edited credential is a new entry):
 * <ul>
 * <li>a token is used until {@code refresh-skew} before it expires; within the skew it is still used
 * while one background refresh runs, and a timer starts that refresh ahead of time anyway, so callers
 * normally never wait;</li>
 * <li>a missing or expired token is fetched by one caller: concurrent callers share that fetch
 * (single flight) and never each call the IdP;</li>
 * <li>transient IdP failures are retried with capped exponential backoff and full jitter; a rejected
 * client (bad secret) is not; after a failure, callers get that failure at once for {@code failure-cooldown}.</li>
 * </ul>
 */
public final class TokenCache {

    private static final Logger LOG = Logger.getLogger(TokenCache.class);

    private final Vertx vertx;
    private final Clock clock;
    private final TokenConfig config;
    private final MeterRegistry metrics;
    private final Function<UpstreamCredential, TokenSource> sources;
    private final Map<UpstreamCredential, Entry> entries = new ConcurrentHashMap<>();
    private final Tracing tracing;

    TokenCache(Vertx vertx, Clock clock, TokenConfig config, MeterRegistry metrics,
            Function<UpstreamCredential, TokenSource> sources, Tracing tracing) {
        this.tracing = tracing;
        this.vertx = vertx;
        this.clock = clock;
        this.config = config;
        this.metrics = metrics;
        this.sources = sources;
    }

    /** A valid token for the credential: at once when cached, else after the one shared fetch. */
    public Future<AccessToken> token(UpstreamCredential credential) {
        return entries.computeIfAbsent(credential, Entry::new).token();
    }

    /** Drops entries of credentials no longer in use (after a policy change). */
    public void retainOnly(java.util.Set<UpstreamCredential> inUse) {
        entries.keySet().removeIf(credential -> {
            if (inUse.contains(credential)) {
                return false;
            }
            entries.get(credential).close();
            return true;
        });
    }

    private final class Entry {
        private final UpstreamCredential credential;
        private final Counter fetched;
        private final Counter failed;
        private final Timer latency;
        private volatile TokenSource source;
        private volatile AccessToken current;
        private volatile Instant obtainedAt = Instant.MIN;
        private Future<AccessToken> inFlight;
        private TokenFetchException lastFailure;
        private Instant failedUntil = Instant.MIN;
        private long timerId = -1;
        private volatile boolean closed;

        Entry(UpstreamCredential credential) {
            this.credential = credential;
            String name = credential.name();
            this.fetched = Counter.builder("modelgate.upstream.token.fetches").tag("credential", name)
                    .tag("outcome", "success").description("Tokens obtained from an IdP").register(metrics);
            this.failed = Counter.builder("modelgate.upstream.token.fetches").tag("credential", name)
                    .tag("outcome", "failure").description("Token requests that failed").register(metrics);
            this.latency = Timer.builder("modelgate.upstream.token.fetch.duration").tag("credential", name)
                    .description("Time to obtain a token, retries included").register(metrics);
            Gauge.builder("modelgate.upstream.token.expiry.seconds", this, Entry::secondsToExpiry).tag("credential", name)
                    .description("Seconds until the cached token expires").register(metrics);
        }

        Future<AccessToken> token() {
            AccessToken token = current;
            Instant now = clock.instant();
            if (token != null && now.isBefore(token.expiresAt())) {
                if (!now.isBefore(refreshDue(token))) {
                    refresh(); // still valid: callers keep it while the new one is fetched
                }
                return Future.succeededFuture(token);
            }
            return refresh();
        }

        private synchronized Future<AccessToken> refresh() {
            if (inFlight != null) {
                return inFlight;
            }
            if (clock.instant().isBefore(failedUntil)) {
                return Future.failedFuture(lastFailure);
            }
            long started = System.nanoTime();
            // a span of its own: the calls waiting for it share it, and a refresh ahead of expiry belongs to none
            Span span = tracing.standalone("fetch upstream token", SpanKind.CLIENT);
            span.setAttribute("modelgate.credential", credential.name());
            Future<AccessToken> attempt = fetchWithRetries(1);
            inFlight = attempt;
            // may complete at once (and clear inFlight) when the source answers synchronously
            attempt.onComplete(result -> {
                if (result.failed()) {
                    span.setAttribute(SpanAttributes.ERROR_TYPE, result.cause().getClass().getSimpleName());
                    span.setStatus(StatusCode.ERROR, result.cause().getMessage());
                }
                span.end();
                completed(result.succeeded() ? result.result() : null, result.failed() ? result.cause() : null, System.nanoTime() - started);
            });
            return attempt;
        }

        private synchronized void completed(AccessToken token, Throwable failure, long nanos) {
            inFlight = null;
            if (closed) {
                return;
            }
            latency.record(Duration.ofNanos(nanos));
            if (token != null) {
                fetched.increment();
                obtainedAt = clock.instant();
                current = token;
                lastFailure = null;
                failedUntil = Instant.MIN;
                scheduleRefresh(token);
            } else {
                failed.increment();
                lastFailure = failure instanceof TokenFetchException e ? e
                        : new TokenFetchException(credential.name(), false, failure.getClass().getSimpleName());
                failedUntil = clock.instant().plus(config.failureCooldown());
                LOG.warnf("No upstream token: %s; %s", lastFailure.getMessage(),
                        credential.values().failurePolicy() == FailurePolicy.PROCEED_WITHOUT_AUTH
                                ? "calls proceed without Authorization" : "calls fail with 502 upstream_auth_error");
            }
        }

        private Future<AccessToken> fetchWithRetries(int attempt) {
            Future<AccessToken> fetch;
            try {
                fetch = source().fetch();
            } catch (TokenFetchException e) {
                fetch = Future.failedFuture(e);
            }
            return fetch.recover(failure -> {
                boolean permanent = failure instanceof TokenFetchException e && e.permanent();
                if (permanent || attempt >= config.maxAttempts() || closed) {
                    return Future.failedFuture(failure);
                }
                long cap = Math.min(config.maxBackoff().toMillis(), config.initialBackoff().toMillis() << (attempt - 1));
                long delay = Math.max(1, ThreadLocalRandom.current().nextLong(cap + 1));
                Promise<AccessToken> retried = Promise.promise();
                vertx.setTimer(delay, id -> fetchWithRetries(attempt + 1).onComplete(retried));
                return retried.future();
            });
        }

        private TokenSource source() {
            if (source == null) {
                source = sources.apply(credential); // may throw TokenFetchException (e.g. secret not set)
            }
            return source;
        }

        /**
         * When a token should be replaced: the configured skew before expiry, or at half its life if that
         * comes later (a token living shorter than the skew would otherwise be refreshed continuously).
         */
        private Instant refreshDue(AccessToken token) {
            Duration halfLife = Duration.between(obtainedAt, token.expiresAt()).dividedBy(2);
            Duration ahead = halfLife.compareTo(config.refreshSkew()) < 0 ? halfLife : config.refreshSkew();
            return token.expiresAt().minus(ahead);
        }

        private void scheduleRefresh(AccessToken token) {
            if (closed) {
                return;
            }
            if (timerId != -1) {
                vertx.cancelTimer(timerId);
            }
            long wait = Math.max(1, Duration.between(clock.instant(), refreshDue(token)).toMillis());
            timerId = vertx.setTimer(wait, id -> {
                synchronized (this) {
                    timerId = -1;
                }
                if (!closed) {
                    refresh();
                }
            });
        }

        private double secondsToExpiry() {
            AccessToken token = current;
            return token == null ? 0 : Math.max(0, Duration.between(clock.instant(), token.expiresAt()).toMillis() / 1000.0);
        }

        synchronized void close() {
            closed = true;
            if (timerId != -1) {
                vertx.cancelTimer(timerId);
            }
            if (source != null) {
                source.close();
            }
            metrics.remove(fetched);
            metrics.remove(failed);
            metrics.remove(latency);
            metrics.find("modelgate.upstream.token.expiry.seconds").tag("credential", credential.name()).meters()
                    .forEach(metrics::remove);
        }
    }
}
