package io.modelgate.telemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Attributes that are what their {@link #forEach} hands out, each key once: the map, the builder, equality and text
 * follow from it. For the gateway's span attributes, which exporters only iterate.
 */
public abstract class IteratedAttributes implements Attributes {

    @Override
    @SuppressWarnings("unchecked")
    public <T> T get(AttributeKey<T> key) {
        Object[] found = new Object[1];
        forEach((known, value) -> {
            if (found[0] == null && known.equals(key)) {
                found[0] = value;
            }
        });
        return (T) found[0];
    }

    @Override
    public int size() {
        int[] size = new int[1];
        forEach((key, value) -> size[0]++);
        return size[0];
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
