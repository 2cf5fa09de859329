package io.modelgate.upstream.credential;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.modelgate.identity.TokenDigest;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Tokens obtained by exchanging callers' tokens (RFC 8693), one per credential and caller token: kept until
 * {@code refresh-skew} before they expire, so a caller's calls in a row cost one exchange; concurrent calls of one
 * caller share it. Keyed by the caller token's SHA-256 ({@link TokenDigest}: the token itself is never kept), at most {@link #MAX_ENTRIES}
 * of them, the least used going first. A failed exchange is not kept: the next call tries again.
 *
 * <p>Caffeine picks the classes of a bounded cache with access expiry by name at run time (the cache SSMSA, its
 * entries PSAMS), which the native executable must keep: without them it did not start.
 */
@RegisterForReflection(classNames = {"com.github.benmanes.caffeine.cache.SSMSA", "com.github.benmanes.caffeine.cache.PSAMS"})
final class ExchangedTokens {

    static final int MAX_ENTRIES = 10_000;

    private record Key(UpstreamCredential credential, ByteBuffer subjectDigest) {
    }

    private final Function<UpstreamCredential, OidcClientTokenSource> sources;
    private final Map<UpstreamCredential, OidcClientTokenSource> clients = new ConcurrentHashMap<>();
    private final Cache<Key, Future<AccessToken>> tokens;
    private final Duration skew;
    private final Clock clock;

    ExchangedTokens(Function<UpstreamCredential, OidcClientTokenSource> sources, Duration skew, Clock clock) {
        this.sources = sources;
        this.skew = skew;
        this.clock = clock;
        this.tokens = Caffeine.newBuilder().maximumSize(MAX_ENTRIES).expireAfterAccess(Duration.ofHours(1)).executor(Runnable::run).build();
    }

    /** A token for the holder of {@code subjectToken}: the one kept for them, or a new exchange. */
    Future<AccessToken> token(UpstreamCredential credential, CharSequence subjectToken) {
        ByteBuffer digest = TokenDigest.of(subjectToken);
        if (digest == null) { // not a token that is ever kept (no JWT is outside ASCII)
            return exchange(credential, subjectToken);
        }
        Key key = new Key(credential, digest);
        Future<AccessToken> kept = tokens.getIfPresent(key);
        if (usable(kept)) {
            return kept;
        }
        Promise<AccessToken> promise = Promise.promise();
        Future<AccessToken> mine = promise.future();
        Future<AccessToken> winner = tokens.asMap().compute(key, (k, current) -> usable(current) ? current : mine);
        if (winner == mine) { // this call exchanges; others arriving meanwhile wait for it
            mine.onFailure(failure -> tokens.asMap().remove(key, mine));
            exchange(credential, subjectToken).onComplete(promise);
        }
        return winner;
    }

    private Future<AccessToken> exchange(UpstreamCredential credential, CharSequence subjectToken) {
        try {
            return clients.computeIfAbsent(credential, sources).exchange(subjectToken.toString());
        } catch (TokenFetchException e) { // the client secret is missing
            return Future.failedFuture(e);
        }
    }

    /** Still being exchanged, or valid beyond the skew. */
    private boolean usable(Future<AccessToken> kept) {
        if (kept == null || kept.failed()) {
            return false;
        }
        return !kept.isComplete() || kept.result().expiresAt().isAfter(clock.instant().plus(skew));
    }

    /** Forgets the clients and tokens of credentials no longer in the policy. */
    void retainOnly(Set<UpstreamCredential> inUse) {
        clients.entrySet().removeIf(entry -> {
            boolean gone = !inUse.contains(entry.getKey());
            if (gone) {
                entry.getValue().close();
            }
            return gone;
        });
        tokens.asMap().keySet().removeIf(key -> !inUse.contains(key.credential()));
    }
}
