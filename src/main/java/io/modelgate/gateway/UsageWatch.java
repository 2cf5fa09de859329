package io.modelgate.gateway;

import io.modelgate.policy.ApiFamily;
import io.modelgate.translate.UpstreamReport;
import io.modelgate.usage.RequestedUsageRemover;
import io.modelgate.usage.TokenPrices;
import io.modelgate.usage.TokenUsage;
import io.modelgate.usage.UsageReader;
import io.vertx.core.buffer.Buffer;

/**
 * Reads the usage an answer reports as it is relayed, for the call's record; for a chat stream whose usage chunk the
 * gateway asked for on the caller's behalf, it also takes that chunk out again.
 */
final class UsageWatch implements AnswerWatch, UpstreamReport {

    private final UsageReader reader;
    private final RequestedUsageRemover remover;
    private final TokenPrices prices;

    UsageWatch(ApiFamily family, boolean events, boolean removeRequestedUsage, TokenPrices prices) {
        this(family, events, removeRequestedUsage, prices, false);
    }

    /** {@code readFinishReasons}: also learn why the answer ended, for a traced call's span. */
    UsageWatch(ApiFamily family, boolean events, boolean removeRequestedUsage, TokenPrices prices, boolean readFinishReasons) {
        this.reader = new UsageReader(family, events, readFinishReasons);
        this.remover = removeRequestedUsage && events ? new RequestedUsageRemover(reader) : null;
        this.prices = prices;
    }

    @Override
    public Buffer chunk(Buffer chunk) {
        if (remover != null) {
            return remover.chunk(chunk);
        }
        reader.feed(chunk);
        return chunk;
    }

    /**
     * One event's data, from an answer that reads the stream's events anyway ({@link TranslatedAnswer}): usage is read
     * from it instead of from the chunks, which are then not handed to {@link #chunk}.
     */
    void eventData(byte[] data, int from, int to) {
        reader.dataLine(data, from, to);
    }

    /** A usage object's counts a translator read in the upstream's events (which are then handed neither to {@link #chunk} nor {@link #eventData}). */
    @Override
    public void usage(long prompt, long cached, long completion, long reasoning) {
        reader.chatCounts(prompt, cached, completion, reasoning);
    }

    @Override
    public void finishReason(String reason) {
        reader.finishReason(reason);
    }

    @Override
    public boolean rewrites() {
        return remover != null;
    }

    @Override
    public Buffer end() {
        return remover == null ? null : remover.end();
    }

    /** What the answer reported so far: all of it once it is complete, what was relayed when the caller left. */
    TokenUsage usage() {
        return reader.usage();
    }

    /** Why the answer ended, as the upstream said it; empty unless asked for. */
    java.util.List<String> finishReasons() {
        return reader.finishReasons();
    }

    double cost(TokenUsage usage) {
        return prices.cost(usage);
    }
}
