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
 * last value. The SDK's {@code Attributes.builder()} sorts its entries by key when built, which on the thread that
 * ends call spans cost as much as the rest of ending them; an exporter only iterates them, in any order. Written by one
 * thread at a time until its span ends, read only after.
 */
final class CallAttributes implements Attributes {

    private Object[] entries = new Object[32]; // key, value, key, value, …
    private int size;

    /** Sets {@code key} to {@code value}, in place of what it had. */
    <T> void put(AttributeKey<T> key, T value) {
        int at = indexOf(key);
        if (at < 0) {
            if (size * 2 == entries.length) {
                entries = Arrays.copyOf(entries, entries.length * 2);
            }
            at = size++ * 2;
            entries[at] = key;
        }
        entries[at + 1] = value;
    }

    private int indexOf(AttributeKey<?> key) {
        for (int at = 0; at < size * 2; at += 2) {
            if (entries[at] == key || entries[at].equals(key)) { // the gateway's keys are constants: the first test is the one that holds
                return at;
            }
        }
        return -1;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T get(AttributeKey<T> key) {
        int at = key == null ? -1 : indexOf(key);
        return at < 0 ? null : (T) entries[at + 1];
    }

    @Override
    public void forEach(BiConsumer<? super AttributeKey<?>, ? super Object> consumer) {
        for (int at = 0; at < size * 2; at += 2) {
            consumer.accept((AttributeKey<?>) entries[at], entries[at + 1]);
        }
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean isEmpty() {
        return size == 0;
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
