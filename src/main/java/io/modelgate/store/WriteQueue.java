package io.modelgate.store;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The records of one kind waiting for the {@link BackgroundWriter}, in memory and bounded. A producer (an event loop)
 * only {@link #offer}s: it never blocks and never wakes anyone; when the queue is full the record is dropped, and
 * counted. The writer takes batches and, when a batch could not be written, puts it back to be tried again first.
 * Two kinds: {@link #fifo} keeps every record; {@link #coalescing} adds a record to the one waiting under the same key
 * (usage sums), so what waits grows with the keys, not the calls.
 */
public abstract class WriteQueue<T> {

    /** Writes one batch, or throws. Runs on the queue's own writer thread. */
    @FunctionalInterface
    public interface Writes<T> {
        void write(List<T> batch);
    }

    /**
     * What a queue holds and how it is written.
     *
     * @param name      its name in metrics and logs ({@code modelgate_writer_*{queue="…"}})
     * @param capacity  the records it holds at most (a batch being retried comes on top)
     * @param interval  how often the writer takes what has gathered
     * @param maxBatch  the most records written at once
     * @param validated whether each record is checked against its Bean Validation constraints before it is written
     */
    public record Spec<T>(String name, int capacity, Duration interval, int maxBatch, boolean validated, Writes<T> writes) {
    }

    private final Spec<T> spec;

    private WriteQueue(Spec<T> spec) {
        this.spec = spec;
    }

    /** A queue that writes every record, in the order offered. */
    public static <T> WriteQueue<T> fifo(Spec<T> spec) {
        return new Fifo<>(spec);
    }

    /** A queue that keeps one record per key, {@code add}ing every later record of that key into it. */
    public static <T, K> WriteQueue<T> coalescing(Spec<T> spec, Function<T, K> key, BiConsumer<T, T> add) {
        return new Coalescing<>(spec, key, add);
    }

    public Spec<T> spec() {
        return spec;
    }

    /** Queues a record; false when the queue is full and the record was not taken. Never blocks. */
    abstract boolean accept(T record);

    /** Up to {@code max} records, those put back first. */
    abstract List<T> take(int max);

    /** Puts a batch that could not be written back, to be taken first (on top of the capacity: nothing is lost). */
    abstract void putBack(List<T> batch);

    /** Records waiting, a batch put back included. */
    public abstract int depth();

    /** Set by the writer that opened the queue: counts what is dropped. */
    private volatile Runnable onDrop = () -> { };

    void onDrop(Runnable onDrop) {
        this.onDrop = onDrop;
    }

    /** Queues a record; when the queue is full it is dropped and counted ({@code modelgate_writer_dropped_total}). */
    public void offer(T record) {
        if (!accept(record)) {
            onDrop.run();
        }
    }

    private static final class Fifo<T> extends WriteQueue<T> {

        private final ArrayBlockingQueue<T> queue;
        /** A batch that could not be written, taken before anything newer. Only the writer touches it. */
        private final ArrayDeque<T> retry = new ArrayDeque<>();
        private volatile int retrying;

        Fifo(Spec<T> spec) {
            super(spec);
            this.queue = new ArrayBlockingQueue<>(spec.capacity());
        }

        @Override
        boolean accept(T record) {
            return queue.offer(record);
        }

        @Override
        synchronized List<T> take(int max) {
            List<T> batch = new ArrayList<>(Math.min(max, retry.size() + queue.size()));
            while (batch.size() < max && !retry.isEmpty()) {
                batch.add(retry.poll());
            }
            queue.drainTo(batch, max - batch.size());
            retrying = retry.size();
            return batch;
        }

        @Override
        synchronized void putBack(List<T> batch) {
            for (int i = batch.size() - 1; i >= 0; i--) {
                retry.addFirst(batch.get(i));
            }
            retrying = retry.size();
        }

        @Override
        public int depth() {
            return queue.size() + retrying;
        }
    }

    private static final class Coalescing<T, K> extends WriteQueue<T> {

        private final Function<T, K> key;
        private final BiConsumer<T, T> add;
        private Map<K, T> pending = new HashMap<>();

        Coalescing(Spec<T> spec, Function<T, K> key, BiConsumer<T, T> add) {
            super(spec);
            this.key = key;
            this.add = add;
        }

        @Override
        synchronized boolean accept(T record) {
            return merge(record, spec().capacity());
        }

        private boolean merge(T record, int capacity) {
            K k = key.apply(record);
            T waiting = pending.get(k);
            if (waiting != null) {
                add.accept(waiting, record);
                return true;
            }
            if (pending.size() >= capacity) {
                return false;
            }
            pending.put(k, record);
            return true;
        }

        @Override
        synchronized List<T> take(int max) {
            if (pending.size() <= max) {
                List<T> all = new ArrayList<>(pending.values());
                pending = new HashMap<>();
                return all;
            }
            List<T> batch = new ArrayList<>(max);
            for (Iterator<T> waiting = pending.values().iterator(); batch.size() < max; ) {
                batch.add(waiting.next());
                waiting.remove();
            }
            return batch;
        }

        @Override
        synchronized void putBack(List<T> batch) {
            batch.forEach(record -> merge(record, Integer.MAX_VALUE));
        }

        @Override
        public synchronized int depth() {
            return pending.size();
        }
    }
}
