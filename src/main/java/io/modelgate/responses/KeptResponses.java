package io.modelgate.responses;

import com.github.benmanes.caffeine.cache.Caffeine;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.modelgate.store.BackgroundWriter;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import jakarta.inject.Singleton;
import org.hibernate.StatelessSession;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The conversations the gateway keeps itself, for the Responses API on models whose upstreams keep none (chat
 * completions, Messages): each turn a {@link KeptResponse} in PostgreSQL, the recent ones in this replica's memory
 * for a minute ({@link #IN_MEMORY}, bounded by {@code kept-cache-size}), written in batches ({@link ResponseRecords}).
 * A conversation is rebuilt by walking back from its last turn: in memory while the turns are there, else in one
 * recursive query.
 */
@Singleton
// Caffeine picks a weighed cache with write expiry's classes by name at run time: the native executable must keep them
@RegisterForReflection(classNames = {"com.github.benmanes.caffeine.cache.SSMWW", "com.github.benmanes.caffeine.cache.PSWMW"})
public class KeptResponses {

    /**
     * What the ids of kept responses begin with. OpenAI's (and vLLM's, Azure's) are {@code resp_} and hexadecimal
     * digits, so an id tells by itself whether the gateway keeps the response or an upstream does.
     */
    static final String ID_PREFIX = "resp_mg";
    private static final int MAX_BATCH = 200;
    /** Turns waiting for the database at most, while it cannot be written. */
    private static final int MAX_WAITING = 10_000;
    /**
     * How long a turn stays in a replica's memory: long enough for an agent's next turn (seconds later) to need no
     * query, short enough that a turn deleted through another replica is gone from this one soon after.
     */
    static final Duration IN_MEMORY = Duration.ofMinutes(1);
    /** Links followed at most: a guard, not a limit any conversation meets. */
    private static final int MAX_TURNS = 100_000;
    private static final String CHAIN = """
            with recursive chain(response_id, previous_id, depth) as (
                select response_id, previous_id, 0 from kept_response where response_id = :id
                union all
                select k.response_id, k.previous_id, c.depth + 1 from kept_response k join chain c on k.response_id = c.previous_id
                where c.depth < :limit
            )
            select k.* from kept_response k join chain c on k.response_id = c.response_id order by c.depth desc""";

    private final Vertx vertx;
    private final ResponsesConfig config;
    private final Clock clock = Clock.systemUTC();
    private final ResponseRecords<KeptResponse> turns;

    KeptResponses(Vertx vertx, ResponsesConfig config, BackgroundWriter writer, StatelessSession session) {
        this.vertx = vertx;
        this.config = config;
        this.turns = new ResponseRecords<>("kept_responses", MAX_WAITING, MAX_BATCH, Caffeine.newBuilder()
                .maximumWeight(config.keptCacheSize().asLongValue()).weigher((String id, KeptResponse turn) -> turn.weight())
                .expireAfterWrite(IN_MEMORY).<String, KeptResponse>build(),
                id -> KeptResponse.<KeptResponse>findByIdOptional(id), vertx, config, writer, session);
    }

    /** Whether the gateway keeps the response with this id (rather than an upstream). */
    public static boolean kept(String id) {
        return id != null && id.startsWith(ID_PREFIX);
    }

    /**
     * A new response's id: 128 random bits, {@link #kept} by its prefix. Not a secret (only its owner reaches it), so
     * drawn without {@code SecureRandom}'s cost and lock on every translated Responses call.
     */
    public static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return ID_PREFIX + HexFormat.of().toHexDigits(random.nextLong()) + HexFormat.of().toHexDigits(random.nextLong());
    }

    /** A turn just answered, owned by {@code issuer}/{@code subject}, expiring after the retention. */
    public KeptResponse newTurn(String id, String previousId, String model, String issuer, String subject, String input, String response) {
        Instant now = clock.instant();
        return new KeptResponse(id, previousId, model, issuer == null ? "" : issuer, subject, input, response, now,
                now.plus(config.retention()));
    }

    /** Keeps a turn: at once in this replica's memory, and in the database with the next batch, which nothing waits for. */
    public void keep(KeptResponse turn) {
        turns.keep(turn);
    }

    /** The turn with this id, unless it is unknown or expired (waiting {@code record-wait} for one another replica made). */
    public Future<Optional<KeptResponse>> find(String id) {
        return turns.find(id);
    }

    /**
     * The conversation that ends with the turn {@code id}, oldest turn first; empty when that turn is unknown. When
     * an earlier turn was deleted or has expired, the list begins after the gap: its first turn names a
     * {@code previousId} that is not there.
     */
    public Future<List<KeptResponse>> conversation(String id) {
        return find(id).compose(last -> last.isEmpty() ? Future.succeededFuture(List.of()) : conversationEndingWith(last.get()));
    }

    /** The same, for a turn already found ({@link #find}): oldest turn first, beginning after a gap if there is one. */
    public Future<List<KeptResponse>> conversationEndingWith(KeptResponse last) {
        List<KeptResponse> backwards = new ArrayList<>();
        KeptResponse turn = last;
        while (turn != null) {
            backwards.add(turn);
            if (turn.previousId == null) {
                break;
            }
            KeptResponse earlier = turns.inMemory(turn.previousId);
            if (earlier == null) { // the rest is in the database only
                String from = turn.previousId;
                return vertx.executeBlocking(() -> QuarkusTransaction.requiringNew().call(() -> chainFrom(from)), false)
                        .map(rest -> joined(rest, backwards));
            }
            turn = turns.live(earlier) ? earlier : null;
        }
        return Future.succeededFuture(joined(List.of(), backwards));
    }

    /** The turns from {@code id} back, oldest first, as the database holds them (expired ones left out). */
    private List<KeptResponse> chainFrom(String id) {
        @SuppressWarnings("unchecked")
        List<KeptResponse> chain = KeptResponse.getEntityManager().createNativeQuery(CHAIN, KeptResponse.class)
                .setParameter("id", id).setParameter("limit", MAX_TURNS).getResultList();
        List<KeptResponse> live = new ArrayList<>(chain.size());
        for (KeptResponse turn : chain) {
            if (!turns.live(turn)) {
                live.clear(); // an expired turn is a gap: what came before it is not part of the conversation kept
            } else {
                live.add(turn);
            }
        }
        return live;
    }

    private static List<KeptResponse> joined(List<KeptResponse> olderFirst, List<KeptResponse> newerBackwards) {
        List<KeptResponse> all = new ArrayList<>(olderFirst);
        List<KeptResponse> newer = new ArrayList<>(newerBackwards);
        Collections.reverse(newer);
        all.addAll(newer);
        return all;
    }

    /**
     * Deletes a turn, once the database confirms it. A conversation that continued it can then no longer be continued
     * or listed whole. Another replica may hold it in memory for up to {@link #IN_MEMORY} after it was made.
     */
    public Future<Void> forget(String id) {
        return turns.forget(id, stale -> KeptResponse.deleteById(stale));
    }
}
