package io.modelgate.telemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;

import java.util.Arrays;
import java.util.function.BiConsumer;

/**
 * A call span's attributes: keys and values side by side in the order they were first set, a key set again keeping its
 * last value, after those of a shared, immutable base (what every span of a deployment says of it), kept by reference.
 * The SDK's {@code Attributes.builder()} sorts its entries by key when built, which on the thread that ends call spans
 * cost as much as the rest of ending them; an exporter only iterates them, in any order. Written by one thread at a time
 * until its span ends, read only after.
 */
final class CallAttributes extends IteratedAttributes {

    /** The most a span keeps (what a byte slot holds; the SDK keeps 128): more are dropped and counted. */
    static final int MOST = 127;

    /** Shared with other spans, never written; empty once a key of its is set again (then copied into the entries). */
    private Attributes base;
    private Object[] entries; // key, value, key, value, …
    /** Each entry's key's hash: a key looked up is compared (equals) only with keys of its hash. */
    private int[] hashes;
    /** Open addressing by hash: an entry's index plus one, 0 for none; twice as many slots as entries fit. */
    private byte[] slots;
    private int size;
    private int dropped;

    CallAttributes() {
        this(Attributes.empty());
    }

    /** Attributes that start as {@code base}'s, which are read from it and never copied unless a key of its is set again. */
    CallAttributes(Attributes base) {
        this.base = base;
        int capacity = base.isEmpty() ? 16 : 4;
        this.entries = new Object[2 * capacity];
        this.hashes = new int[capacity];
        this.slots = new byte[2 * capacity];
    }

    /** Sets {@code key} to {@code value}, in place of what it had. */
    <T> void put(AttributeKey<T> key, T value) {
        int at = indexOf(key);
        if (at < 0 && !base.isEmpty() && base.get(key) != null) {
            Attributes shared = base; // a shared value replaced: this span's attributes become its own
            base = Attributes.empty();
            shared.forEach(this::add);
            at = indexOf(key);
        }
        if (at < 0) {
            add(key, value);
        } else {
            entries[at + 1] = value;
        }
    }

    /**
     * Takes {@code shared} as the base when there is none yet and it has none of the keys set here (read from it,
     * never copied); copies it in otherwise, its values replacing those set here for the same keys.
     */
    void share(Attributes shared) {
        boolean apart = base.isEmpty();
        for (int at = 0; apart && at < size * 2; at += 2) {
            apart = shared.get((AttributeKey<?>) entries[at]) == null;
        }
        if (apart) {
            base = shared;
        } else {
            shared.forEach(this::putAny);
        }
    }

    @SuppressWarnings("unchecked")
    private void putAny(AttributeKey<?> key, Object value) {
        put((AttributeKey<Object>) key, value);
    }

    private void add(AttributeKey<?> key, Object value) {
        if (size == MOST) {
            dropped++;
            return;
        }
        if (size == hashes.length) {
            grow(Math.min(MOST, size * 2));
        }
        int hash = key.hashCode();
        hashes[size] = hash;
        entries[size * 2] = key;
        entries[size * 2 + 1] = value;
        slots[freeSlot(hash)] = (byte) ++size;
    }

    private void grow(int capacity) {
        entries = Arrays.copyOf(entries, 2 * capacity);
        hashes = Arrays.copyOf(hashes, capacity);
        slots = new byte[Integer.highestOneBit(capacity) * 4];
        for (int index = 0; index < size; index++) {
            slots[freeSlot(hashes[index])] = (byte) (index + 1);
        }
    }

    private int freeSlot(int hash) {
        int mask = slots.length - 1;
        int slot = spread(hash) & mask;
        while (slots[slot] != 0) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    /** Where {@code key}'s entry starts in {@link #entries}; -1 when it has none. */
    private int indexOf(AttributeKey<?> key) {
        int hash = key.hashCode(); // the SDK's keys keep theirs
        int mask = slots.length - 1;
        for (int slot = spread(hash) & mask; slots[slot] != 0; slot = (slot + 1) & mask) {
            int index = slots[slot] - 1;
            Object known = entries[2 * index];
            if (known == key || (hashes[index] == hash && known.equals(key))) {
                return 2 * index;
            }
        }
        return -1;
    }

    private static int spread(int hash) {
        return hash ^ (hash >>> 16);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T get(AttributeKey<T> key) {
        if (key == null) {
            return null;
        }
        int at = indexOf(key);
        return at >= 0 ? (T) entries[at + 1] : base.get(key);
    }

    @Override
    public void forEach(BiConsumer<? super AttributeKey<?>, ? super Object> consumer) {
        base.forEach(consumer);
        for (int at = 0; at < size * 2; at += 2) {
            consumer.accept((AttributeKey<?>) entries[at], entries[at + 1]);
        }
    }

    /** How many were set, those dropped beyond {@link #MOST} included. */
    int totalCount() {
        return size() + dropped;
    }

    @Override
    public int size() {
        return base.size() + size;
    }
}
