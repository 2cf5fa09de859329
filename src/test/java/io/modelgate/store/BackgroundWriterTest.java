package io.modelgate.store;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.validation.constraints.Size;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The loss rule every queue of the background writer follows, against a database played by the test. */
class BackgroundWriterTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final BackgroundWriter writer = TestBackgroundWriter.start(registry, Duration.ofMillis(600));
    /** What the played database holds, in the order written. */
    private final List<String> stored = Collections.synchronizedList(new ArrayList<>());
    private final AtomicBoolean databaseDown = new AtomicBoolean();
    private final AtomicInteger statements = new AtomicInteger();

    record Entry(@Size(max = 8) String text) {
    }

    @AfterEach
    void stopWriter() {
        databaseDown.set(false);
        writer.stop(null);
    }

    /** The played database: unreachable while down, and refuses any text that says "refused". */
    private void write(List<Entry> batch) {
        statements.incrementAndGet();
        if (databaseDown.get()) {
            throw new IllegalStateException("could not get a connection", new SQLTransientConnectionException("connection refused"));
        }
        if (batch.stream().anyMatch(entry -> entry.text().contains("refused"))) {
            throw new IllegalStateException("insert failed", new SQLException("value too long for type character varying(8)", "22001"));
        }
        batch.forEach(entry -> stored.add(entry.text()));
    }

    private WriteQueue<Entry> fifo(int capacity, Duration interval, int maxBatch) {
        return writer.open(WriteQueue.fifo(new WriteQueue.Spec<>("entries", capacity, interval, maxBatch, true, this::write)));
    }

    private double counter(String name) {
        return registry.get(name).tag("queue", "entries").counter().count();
    }

    private double depth() {
        return registry.get("modelgate.writer.queue.depth").tag("queue", "entries").gauge().value();
    }

    private static List<String> texts(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "e" + i).toList();
    }

    @Test
    void recordsAreWrittenInOrderInBatchesOfAtMostTheMaximum() {
        WriteQueue<Entry> queue = fifo(1000, Duration.ofMillis(50), 4);
        texts(0, 10).forEach(text -> queue.offer(new Entry(text)));
        await().atMost(Duration.ofSeconds(2)).until(() -> stored.size() == 10);
        assertEquals(texts(0, 10), stored);
        assertTrue(statements.get() >= 3, "ten records in batches of four take three statements: " + statements.get());
        assertEquals(10, counter("modelgate.writer.written"));
        assertEquals(0, counter("modelgate.writer.dropped"));
    }

    @Test
    void whileTheDatabaseIsDownRecordsWaitUpToTheCapacityAndWhatComesBeyondIsDroppedAndCounted() {
        databaseDown.set(true);
        WriteQueue<Entry> queue = fifo(5, Duration.ofMillis(20), 100);
        texts(0, 5).forEach(text -> queue.offer(new Entry(text)));
        await().atMost(Duration.ofSeconds(2)).until(() -> counter("modelgate.writer.failures") >= 1);
        // the failed batch waits on top of the capacity; the queue takes five more, and drops the rest
        texts(5, 13).forEach(text -> queue.offer(new Entry(text)));
        assertEquals(3, counter("modelgate.writer.dropped"));
        assertEquals(10, depth());

        databaseDown.set(false);
        await().atMost(Duration.ofSeconds(5)).until(() -> stored.size() == 10);
        assertEquals(texts(0, 10), stored, "the batch put back is written first, then what waited behind it");
        assertEquals(0, depth());
    }

    @Test
    void theWriterBacksOffWhileTheDatabaseIsDown() throws InterruptedException {
        databaseDown.set(true);
        WriteQueue<Entry> queue = fifo(100, Duration.ofMillis(10), 100);
        queue.offer(new Entry("waiting"));
        Thread.sleep(1_500);
        // every 10 ms would be ~150 attempts; after the first failure it waits 1 s
        assertTrue(statements.get() <= 3, "attempts while down: " + statements.get());
        databaseDown.set(false);
        await().atMost(Duration.ofSeconds(3)).until(() -> stored.equals(List.of("waiting")));
    }

    @Test
    void aRecordTheDatabaseRefusesIsDroppedAloneAndTheRestOfItsBatchWritten() {
        WriteQueue<Entry> queue = fifo(100, Duration.ofMillis(200), 100);
        List.of("a", "b", "refused", "c").forEach(text -> queue.offer(new Entry(text)));
        await().atMost(Duration.ofSeconds(2)).until(() -> stored.size() == 3);
        assertEquals(List.of("a", "b", "c"), stored);
        assertEquals(1, counter("modelgate.writer.dropped"));
        assertEquals(3, counter("modelgate.writer.written"));
        assertEquals(0, counter("modelgate.writer.failures"), "a refused value is not an outage");

        queue.offer(new Entry("d"));
        await().atMost(Duration.ofSeconds(2)).until(() -> stored.contains("d"));
    }

    @Test
    void aRecordThatBreaksItsOwnConstraintsNeverReachesTheDatabase() {
        WriteQueue<Entry> queue = fifo(100, Duration.ofMillis(200), 100);
        queue.offer(new Entry("ok"));
        queue.offer(new Entry("far too long for the column"));
        await().atMost(Duration.ofSeconds(2)).until(() -> counter("modelgate.writer.written") == 1);
        assertEquals(List.of("ok"), stored);
        assertEquals(1, counter("modelgate.writer.dropped"));
        assertEquals(1, statements.get(), "the invalid record was never sent");
    }

    @Test
    void aCoalescingQueueWritesOneRecordPerKeyWithTheSumsOfAllOffered() {
        Map<String, Integer> sums = new ConcurrentHashMap<>();
        class Sum {
            final String key;
            int value;

            Sum(String key, int value) {
                this.key = key;
                this.value = value;
            }
        }
        WriteQueue<Sum> queue = writer.open(WriteQueue.coalescing(new WriteQueue.Spec<Sum>("entries", 2, Duration.ofMillis(300), 100, false,
                batch -> batch.forEach(sum -> sums.merge(sum.key, sum.value, Integer::sum))), sum -> sum.key, (into, more) -> into.value += more.value));
        for (int i = 0; i < 50; i++) {
            queue.offer(new Sum(i % 2 == 0 ? "alice" : "bob", 1));
        }
        queue.offer(new Sum("carol", 1)); // a third key does not fit
        await().atMost(Duration.ofSeconds(2)).until(() -> sums.size() == 2);
        assertEquals(Map.of("alice", 25, "bob", 25), sums);
        assertEquals(1, counter("modelgate.writer.dropped"));
    }

    @Test
    void onShutdownEverythingQueuedIsWrittenAtOnce() {
        WriteQueue<Entry> queue = fifo(100, Duration.ofHours(1), 3);
        texts(0, 7).forEach(text -> queue.offer(new Entry(text)));
        writer.stop(null);
        assertEquals(texts(0, 7), stored);
    }

    @Test
    void onShutdownADownDatabaseIsWaitedForOnlyUpToTheFlushTimeout() {
        databaseDown.set(true);
        WriteQueue<Entry> queue = fifo(100, Duration.ofHours(1), 100);
        queue.offer(new Entry("lost"));
        long started = System.nanoTime();
        writer.stop(null);
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        assertTrue(tookMs >= 500 && tookMs < 3_000, "kept trying for the 600 ms flush timeout, took " + tookMs + " ms");
        assertTrue(stored.isEmpty());
        assertEquals(1, queue.depth(), "what could not be written is still counted as waiting (and logged as lost)");
    }
}
