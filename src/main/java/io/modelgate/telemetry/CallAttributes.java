package io.modelgate.telemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * A call span's attributes: keys and values side by side in the order they were first set, a key set again keeping its
 * last value, after those of a shared, immutable base (what every span of a deployment says of it), kept by reference.
 * The SDK's {@code Attributes.builder()} sorts its entries by key when built, which on the thread that ends call spans
 * cost as much as the rest of ending them; an exporter only iterates them, in any order. Written by one thread at a time
 * until its span ends, read only after.
 */
final class CallAttributes implements Attributes {

    /** Shared with other spans, never written; empty once a key of its is set again (then copied into the entries). */
    private Attributes base;
    private Object[] entries; // key, value, key, value, …
    /** Each entry's key's hash: a key looked up is compared (equals) only with keys of its hash. */
    private int[] hashes;
    private int size;

    CallAttributes() {
        this(Attributes.empty());
    }

    /** Attributes that start as {@code base}'s, which are read from it and never copied unless a key of its is set again. */
    CallAttributes(Attributes base) {
        this.base = base;
        this.entries = new Object[base.isEmpty() ? 32 : 8];
        this.hashes = new int[entries.length / 2];
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

    private void add(AttributeKey<?> key, Object value) {
        if (size * 2 == entries.length) {
            entries = Arrays.copyOf(entries, Math.max(8, entries.length * 2));
            hashes = Arrays.copyOf(hashes, entries.length / 2);
        }
        hashes[size] = key.hashCode();
        entries[size * 2] = key;
        entries[size * 2 + 1] = value;
        size++;
    }

    private int indexOf(AttributeKey<?> key) {
        int hash = key.hashCode(); // the SDK's keys keep theirs
        for (int index = 0; index < size; index++) {
            Object known = entries[2 * index];
            if (known == key || (hashes[index] == hash && known.equals(key))) {
                return 2 * index;
            }
        }
        return -1;
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

    @Override
    public int size() {
        return base.size() + size;
    }

    @Override
    public boolean isEmpty() {
        return size() == 0;
    }

    @Override
    public Map<AttributeKey<?>, Object> asMap() {
        Map<AttributeKey<?>, Object> map = new LinkedHashMap<>();
        forEach(map::put);
        return map;
    }

    @Override
    public AttributesBuilder toBuilder() {
        return Attributes.builder().putAll(this);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Attributes attributes && asMap().equals(attributes.asMap());
    }

    @Override
    public int hashCode() {
        return asMap().hashCode();
    }

    @Override
    public String toString() {
        return asMap().toString();
    }
}
