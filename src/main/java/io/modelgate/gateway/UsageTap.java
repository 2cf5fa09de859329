package io.modelgate.gateway;

import io.modelgate.policy.ApiFamily;
import io.modelgate.upstream.RelayTap;
import io.modelgate.usage.RequestedUsageRemover;
import io.modelgate.usage.TokenPrices;
import io.modelgate.usage.TokenUsage;
import io.modelgate.usage.UsageReader;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * Reads the usage of the answer a call is relayed, for its {@link io.modelgate.usage.UsageRecord}; for a chat stream
 * whose usage chunk the gateway asked for on the caller's behalf, it also takes that chunk out again. Only successful
 * JSON and event-stream answers are read (an error, an audio file, a plain-text transcript report no usage).
 */
final class UsageTap implements RelayTap {

    private final UsageReader reader;
    private final RequestedUsageRemover remover;
    private final TokenPrices prices;

    private UsageTap(UsageReader reader, boolean removeRequestedUsage, TokenPrices prices) {
        this.reader = reader;
        this.remover = removeRequestedUsage ? new RequestedUsageRemover(reader) : null;
        this.prices = prices;
    }

    /** Taps the answer of the call in {@code ctx}, keeping the tap there for the call's record. */
    static RelayTap.Factory reading(RoutingContext ctx, ApiFamily family, boolean removeRequestedUsage) {
        return (deployment, response) -> {
            String type = response.headers().get(HttpHeaders.CONTENT_TYPE);
            boolean events = type != null && type.startsWith("text/event-stream");
            if (response.status() / 100 != 2 || type == null || !events && !type.startsWith("application/json")) {
                return RelayTap.NONE;
            }
            UsageTap tap = new UsageTap(new UsageReader(family, events), removeRequestedUsage && events, deployment.prices());
            ctx.put(CallFacts.USAGE, tap);
            return tap;
        };
    }

    @Override
    public Buffer chunk(Buffer chunk) {
        if (remover != null) {
            return remover.chunk(chunk);
        }
        reader.feed(chunk);
        return chunk;
    }

    @Override
    public Buffer end() {
        return remover == null ? null : remover.end();
    }

    /** What the answer reported so far: all of it once it is complete, what was relayed when the caller left. */
    TokenUsage usage() {
        return reader.usage();
    }

    double cost(TokenUsage usage) {
        return prices.cost(usage);
    }
}
