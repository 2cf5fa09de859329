package io.modelgate.telemetry.export;

import io.opentelemetry.api.common.AttributeKey;

import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * What attributes encode to, kept from span to span and batch to batch: each key's {@code KeyValue.key} field and, for
 * a string or boolean value, the whole {@code KeyValue} of the last few values its key had. A gateway's spans carry the
 * same keys (constants) on every span and mostly the same values (operation, provider, role, decision, model): most
 * attributes are then one copy of bytes written before, instead of a key's characters checked and copied each time.
 * A key whose values keep changing (a subject, a path) stops caching values. Keys are told apart by identity, as
 * instrumentation keeps its keys in constants; bounded, so keys made per span fill it, empty it and cost nothing more.
 * Not thread-safe: one batch at a time, as the encoder.
 */
final class KeyValueCache {

    static final int MAX_KEYS = 256;
    static final int VALUES_PER_KEY = 4;
    /** Misses allowed before a key's value caching is judged: then it goes on only while hits outnumber misses. */
    private static final int TRIAL_MISSES = 32;

    private final Map<AttributeKey<?>, Entry> entries = new IdentityHashMap<>();

    /** One key's encodings. */
    static final class Entry {
        /** The key as {@code KeyValue}'s field 1: tag, length and UTF-8 bytes. */
        final byte[] keyField;
        private final Object[] values = new Object[VALUES_PER_KEY];
        private final byte[][] keyValues = new byte[VALUES_PER_KEY][];
        private int next;
        private int hits;
        private int misses;

        Entry(byte[] keyField) {
            this.keyField = keyField;
        }

        /** The whole {@code KeyValue} (its content, without tag and length) of {@code value}, when known. */
        byte[] keyValue(Object value) {
            for (int at = 0; at < VALUES_PER_KEY; at++) {
                Object known = values[at];
                if (known == value || (known != null && known.equals(value))) {
                    hits++;
                    return keyValues[at];
                }
            }
            misses++;
            return null;
        }

        /** Whether a value just missed is worth keeping: values repeat for this key, or it is still on trial. */
        boolean keepsValues() {
            return misses < TRIAL_MISSES || hits > misses;
        }

        /** Keeps {@code keyValue} as what {@code value} encodes to, in place of the oldest kept. */
        void keep(Object value, byte[] keyValue) {
            values[next] = value;
            keyValues[next] = keyValue;
            next = (next + 1) % VALUES_PER_KEY;
        }
    }

    /** {@code key}'s entry, made on first sight ({@code encodeKey} writes its key field). */
    Entry entry(AttributeKey<?> key, Function<String, byte[]> encodeKey) {
        Entry entry = entries.get(key);
        if (entry == null) {
            if (entries.size() == MAX_KEYS) {
                entries.clear();
            }
            entry = new Entry(encodeKey.apply(key.getKey()));
            entries.put(key, entry);
        }
        return entry;
    }

    /** A value whose {@code KeyValue} may be kept: immutable, compared by {@code equals}. */
    static boolean cacheable(Object value) {
        return value instanceof String || value instanceof Boolean;
    }

    @Override
    public String toString() {
        return "KeyValueCache{" + entries.size() + " keys, " + Arrays.toString(entries.keySet().toArray()) + "}";
    }
}
