package io.modelgate.upstream.credential;

import io.modelgate.policy.CredentialValues;
import io.modelgate.policy.FailurePolicy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.modelgate.secret.SecretRef;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The token lifecycle: reuse, refresh ahead of expiry, single flight, retries, cool-down. */
class TokenCacheTest {

    private final Vertx vertx = Vertx.vertx();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final UpstreamCredential credential = new UpstreamCredential("idp", new CredentialValues.OAuth2("https://idp.example/token",
            "gw", "os.environ/SECRET", List.of("llm"), null, null, null, null, null, FailurePolicy.FAIL));

    @AfterEach
    void close() {
        vertx.close();
    }

    @Test
    void aTokenIsReusedUntilTheRefreshSkew() throws Exception {
        CountingSource source = new CountingSource(() -> Future.succeededFuture(token(Duration.ofMinutes(10))));
        TokenCache cache = cache(source);
        String first = get(cache).token();
        clock.advance(Duration.ofMinutes(8)); // 2 minutes left: outside the 60 s skew
        assertEquals(first, get(cache).token());
        assertEquals(1, source.calls.get());
    }

    @Test
    void withinTheSkewTheOldTokenIsServedWhileOneRefreshRuns() throws Exception {
        Promise<AccessToken> slowRefresh = Promise.promise();
        AtomicInteger calls = new AtomicInteger();
        TokenCache cache = cache(() -> calls.incrementAndGet() == 1
                ? Future.succeededFuture(token(Duration.ofMinutes(10))) : slowRefresh.future());
        String first = get(cache).token();
        clock.advance(Duration.ofMinutes(9).plusSeconds(30)); // 30 s left
        for (int i = 0; i < 50; i++) {
            assertEquals(first, get(cache).token(), "callers never wait while the old token is valid");
        }
        assertEquals(2, calls.get(), "exactly one background refresh");
        onEventLoop(() -> slowRefresh.complete(new AccessToken("second", clock.instant().plus(Duration.ofMinutes(10)))));
        assertEquals("second", get(cache).token());
    }

    @Test
    void concurrentCallersOnAnEmptyCacheShareOneFetch() throws Exception {
        Promise<AccessToken> pending = Promise.promise();
        CountingSource source = new CountingSource(pending::future);
        TokenCache cache = cache(source);
        List<CompletableFuture<AccessToken>> callers = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            callers.add(cache.token(credential).toCompletionStage().toCompletableFuture());
        }
        onEventLoop(() -> pending.complete(token(Duration.ofMinutes(5))));
        for (CompletableFuture<AccessToken> caller : callers) {
            assertEquals("token-1", caller.get(5, TimeUnit.SECONDS).token());
        }
        assertEquals(1, source.calls.get());
    }

    @Test
    void transientFailuresAreRetriedWithBackoff() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        TokenCache cache = cache(() -> calls.incrementAndGet() < 3
                ? Future.failedFuture(new TokenFetchException("idp", false, "unavailable"))
                : Future.succeededFuture(token(Duration.ofMinutes(5))));
        assertEquals("token-1", get(cache).token());
        assertEquals(3, calls.get(), "two failures, then success, within one refresh");
    }

    @Test
    void aRejectedClientIsNotRetriedAndFailsFastDuringTheCooldown() throws Exception {
        CountingSource source = new CountingSource(() ->
                Future.failedFuture(new TokenFetchException("idp", true, "the token endpoint refused the request: invalid_client")));
        TokenCache cache = cache(source);
        for (int i = 0; i < 5; i++) {
            Throwable failure = failure(cache);
            assertInstanceOf(TokenFetchException.class, failure);
            assertTrue(failure.getMessage().contains("invalid_client"), failure.getMessage());
        }
        assertEquals(1, source.calls.get(), "no retry loop against an IdP that rejects the client");
        clock.advance(Duration.ofSeconds(11)); // past the 10 s cool-down
        failure(cache);
        assertEquals(2, source.calls.get());
        assertEquals(2.0, metrics.get("modelgate.upstream.token.fetches").tag("outcome", "failure").counter().count());
    }

    @Test
    void persistentTransientFailuresGiveUpAfterMaxAttempts() throws Exception {
        CountingSource source = new CountingSource(() -> Future.failedFuture(new TokenFetchException("idp", false, "down")));
        assertInstanceOf(TokenFetchException.class, failure(cache(source)));
        assertEquals(3, source.calls.get());
    }

    @Test
    void aTokenShorterLivedThanTheSkewIsRenewedAtHalfLifeNotContinuously() throws Exception {
        CountingSource source = new CountingSource(() -> Future.succeededFuture(token(Duration.ofSeconds(40))));
        TokenCache cache = cache(source);
        get(cache);
        clock.advance(Duration.ofSeconds(10));
        get(cache);
        assertEquals(1, source.calls.get(), "a 40 s token is not renewed after 10 s although the skew is 60 s");
        clock.advance(Duration.ofSeconds(15)); // 25 s: past half-life
        get(cache);
        assertEquals(2, source.calls.get());
    }

    @Test
    void successfulFetchesAndExpiryAreMeasured() throws Exception {
        TokenCache cache = cache(new CountingSource(() -> Future.succeededFuture(token(Duration.ofMinutes(10)))));
        get(cache);
        assertEquals(1.0, metrics.get("modelgate.upstream.token.fetches").tag("credential", "idp").tag("outcome", "success")
                .counter().count());
        assertEquals(600.0, metrics.get("modelgate.upstream.token.expiry.seconds").gauge().value(), 1.0);
    }

    @Test
    void credentialsLeavingThePolicyAreDroppedWithTheirSourceAndMetrics() throws Exception {
        AtomicInteger closed = new AtomicInteger();
        TokenCache cache = cache(new TokenSource() {
            @Override
            public Future<AccessToken> fetch() {
                return Future.succeededFuture(token(Duration.ofMinutes(10)));
            }

            @Override
            public void close() {
                closed.incrementAndGet();
            }
        });
        get(cache);
        cache.retainOnly(java.util.Set.of());
        assertEquals(1, closed.get());
        assertTrue(metrics.find("modelgate.upstream.token.fetches").tag("credential", "idp").meters().isEmpty());
    }

    // ---- helpers ----

    private final AtomicInteger issued = new AtomicInteger();

    private AccessToken token(Duration lifetime) {
        return new AccessToken("token-" + issued.incrementAndGet(), clock.instant().plus(lifetime));
    }

    private TokenCache cache(TokenSource source) {
        return new TokenCache(vertx, clock, new TestConfig(), metrics, c -> source, io.modelgate.telemetry.Tracing.off());
    }

    private AccessToken get(TokenCache cache) throws Exception {
        return cache.token(credential).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private Throwable failure(TokenCache cache) throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        cache.token(credential).onComplete(result -> {
            failure.set(result.cause());
            done.complete(null);
        });
        done.get(10, TimeUnit.SECONDS);
        if (failure.get() == null) {
            fail("expected the token request to fail");
        }
        return failure.get();
    }

    private void onEventLoop(Runnable action) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        vertx.runOnContext(v -> {
            action.run();
            done.complete(null);
        });
        done.get(5, TimeUnit.SECONDS);
    }

    private static final class CountingSource implements TokenSource {
        final AtomicInteger calls = new AtomicInteger();
        private final Supplier<Future<AccessToken>> answer;

        CountingSource(Supplier<Future<AccessToken>> answer) {
            this.answer = answer;
        }

        @Override
        public Future<AccessToken> fetch() {
            calls.incrementAndGet();
            return answer.get();
        }
    }

    private static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    private static final class TestConfig implements TokenConfig {
        public Duration refreshSkew() {
            return Duration.ofSeconds(60);
        }

        public int maxAttempts() {
            return 3;
        }

        public Duration initialBackoff() {
            return Duration.ofMillis(5);
        }

        public Duration maxBackoff() {
            return Duration.ofMillis(20);
        }

        public Duration failureCooldown() {
            return Duration.ofSeconds(10);
        }

        public Duration defaultLifetime() {
            return Duration.ofMinutes(5);
        }

        public String azureAuthorityHost() {
            return "https://login.microsoftonline.com";
        }

        public String azureIdentityEndpoint() {
            return "http://169.254.169.254/metadata/identity/oauth2/token";
        }
    }
}
