package io.modelgate.upstream.credential;

import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Azure's default order for an azure_ad credential that names no way to sign in. */
class DefaultAzureTokenSourceTest {

    private final List<String> tried = new ArrayList<>();

    /** A way that cannot work here: nothing is configured for it. */
    private DefaultAzureTokenSource.Way notConfigured(String name) {
        return new DefaultAzureTokenSource.Way(name, () -> {
            tried.add(name);
            throw new TokenFetchException("entra", true, "needs AZURE_CLIENT_SECRET, which is not set");
        });
    }

    /** A way whose source fails (transiently) or answers, counting its fetches. */
    private DefaultAzureTokenSource.Way source(String name, boolean answers, AtomicInteger fetches) {
        return new DefaultAzureTokenSource.Way(name, () -> () -> {
            tried.add(name);
            fetches.incrementAndGet();
            return answers ? Future.succeededFuture(new AccessToken("token-" + name, Instant.now().plusSeconds(3600)))
                    : Future.failedFuture(new TokenFetchException("entra", false, "the managed identity endpoint is unreachable"));
        });
    }

    @Test
    void theFirstWayThatYieldsATokenIsUsedAndKeptAndTheTokenSaysWhich() {
        AtomicInteger managed = new AtomicInteger();
        DefaultAzureTokenSource chain = new DefaultAzureTokenSource("entra", List.of(notConfigured("client secret from the environment"),
                notConfigured("workload identity from the environment"), source("managed identity", true, managed)));

        AccessToken first = chain.fetch().result();
        assertEquals("token-managed identity", first.token());
        assertEquals("managed identity", first.obtainedBy());
        assertEquals(List.of("client secret from the environment", "workload identity from the environment", "managed identity"), tried);

        tried.clear();
        assertEquals("managed identity", chain.fetch().result().obtainedBy());
        assertEquals(List.of("managed identity"), tried, "the way that worked is kept");
        assertEquals(2, managed.get());
    }

    @Test
    void whenNoWayYieldsATokenTheFailureSaysWhyEachDidNot() {
        AtomicInteger managed = new AtomicInteger();
        DefaultAzureTokenSource chain = new DefaultAzureTokenSource("entra", List.of(notConfigured("client secret from the environment"),
                source("managed identity", false, managed)));

        Throwable failure = chain.fetch().cause();
        TokenFetchException e = (TokenFetchException) failure;
        assertTrue(e.getMessage().contains("client secret from the environment: needs AZURE_CLIENT_SECRET, which is not set"), e.getMessage());
        assertTrue(e.getMessage().contains("managed identity: the managed identity endpoint is unreachable"), e.getMessage());
        assertFalse(e.permanent(), "managed identity might answer later: retried");

        TokenFetchException none = (TokenFetchException) new DefaultAzureTokenSource("entra",
                List.of(notConfigured("a"), notConfigured("b"))).fetch().cause();
        assertTrue(none.permanent(), "nothing configured fails the same every time");
    }
}
