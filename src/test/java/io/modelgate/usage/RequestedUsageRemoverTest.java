package io.modelgate.usage;

import io.modelgate.policy.ApiFamily;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The caller who did not ask for usage gets the upstream's stream exactly, without the usage chunk. */
class RequestedUsageRemoverTest {

    static final String CONTENT = """
            data: {"id":"c","choices":[{"index":0,"delta":{"content":"Hel"}}],"usage":null}

            data: {"id":"c","choices":[{"index":0,"delta":{"content":"lo"},"finish_reason":"stop"}],"usage":null}

            """;
    static final String USAGE_CHUNK = "data: {\"id\":\"c\",\"choices\":[],\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":2}}\n\n";
    static final String DONE = "data: [DONE]\n\n";

    @Test
    void theUsageChunkIsTakenOutAndReadWhateverTheChunking() {
        String upstream = CONTENT + USAGE_CHUNK + DONE;
        byte[] bytes = upstream.getBytes(StandardCharsets.UTF_8);
        for (int size = 1; size <= bytes.length; size++) {
            UsageReader reader = new UsageReader(ApiFamily.OPENAI, true);
            RequestedUsageRemover remover = new RequestedUsageRemover(reader);
            Buffer relayed = Buffer.buffer();
            for (int i = 0; i < bytes.length; i += size) {
                Buffer out = remover.chunk(Buffer.buffer().appendBytes(bytes, i, Math.min(size, bytes.length - i)));
                if (out != null) {
                    relayed.appendBuffer(out);
                }
            }
            Buffer rest = remover.end();
            if (rest != null) {
                relayed.appendBuffer(rest);
            }
            assertEquals(CONTENT + DONE, relayed.toString(), "chunks of " + size);
            assertEquals(new TokenUsage(7, 0, 0, 2, 0), reader.usage(), "chunks of " + size);
        }
    }

    @Test
    void aChunkOfWholeEventsPassesUntouched() {
        RequestedUsageRemover remover = new RequestedUsageRemover(new UsageReader(ApiFamily.OPENAI, true));
        Buffer chunk = Buffer.buffer(CONTENT);
        assertSame(chunk, remover.chunk(chunk));
    }

    @Test
    void usageInAChunkWithChoicesIsReadButNotRemoved() {
        UsageReader reader = new UsageReader(ApiFamily.OPENAI, true);
        RequestedUsageRemover remover = new RequestedUsageRemover(reader);
        String last = "data: {\"choices\":[{\"index\":0,\"delta\":{}}],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1}}\n\n";
        assertEquals(last, remover.chunk(Buffer.buffer(last)).toString());
        assertEquals(new TokenUsage(1, 0, 0, 1, 0), reader.usage());
    }

    @Test
    void anUnterminatedLastEventIsRelayedAtTheEnd() {
        RequestedUsageRemover remover = new RequestedUsageRemover(new UsageReader(ApiFamily.OPENAI, true));
        assertEquals(0, remover.chunk(Buffer.buffer("data: {\"cut\"")).length());
        assertEquals("data: {\"cut\"", remover.end().toString());
    }
}
