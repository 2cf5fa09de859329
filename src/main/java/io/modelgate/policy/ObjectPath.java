package io.modelgate.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Where something is inside a JSON or YAML document: keys and list indices from the root, written
 * {@code model_list[2].litellm_params.api_base}.
 */
public record ObjectPath(List<Object> segments) {

    public static final ObjectPath ROOT = new ObjectPath(List.of());

    public ObjectPath {
        segments = List.copyOf(segments);
    }

    /** A path of keys ({@code String}) and indices ({@code Integer}). */
    public static ObjectPath of(Object... segments) {
        return new ObjectPath(List.of(segments));
    }

    public ObjectPath key(String key) {
        return append(key);
    }

    public ObjectPath index(int index) {
        return append(index);
    }

    public ObjectPath append(ObjectPath more) {
        List<Object> joined = new ArrayList<>(segments);
        joined.addAll(more.segments);
        return new ObjectPath(joined);
    }

    private ObjectPath append(Object segment) {
        List<Object> longer = new ArrayList<>(segments.size() + 1);
        longer.addAll(segments);
        longer.add(segment);
        return new ObjectPath(longer);
    }

    public boolean isRoot() {
        return segments.isEmpty();
    }

    /** Whether this path is {@code prefix} or lies under it. */
    public boolean startsWith(ObjectPath prefix) {
        return segments.size() >= prefix.segments.size() && segments.subList(0, prefix.segments.size()).equals(prefix.segments);
    }

    /** The path without its first {@code count} segments. */
    public ObjectPath drop(int count) {
        return new ObjectPath(segments.subList(count, segments.size()));
    }

    /** The first {@code count} segments. */
    public ObjectPath take(int count) {
        return new ObjectPath(segments.subList(0, count));
    }

    public int size() {
        return segments.size();
    }

    /**
     * This path where {@code moved} says a part of the document went: its longest prefix that {@code moved} maps
     * (to non-null), replaced by where that went, then the rest as is; null when no prefix is mapped.
     */
    public ObjectPath movedBy(Function<ObjectPath, ObjectPath> moved) {
        for (int length = segments.size(); length >= 0; length--) {
            ObjectPath to = moved.apply(take(length));
            if (to != null) {
                return to.append(drop(length));
            }
        }
        return null;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (Object segment : segments) {
            if (segment instanceof Integer index) {
                text.append('[').append(index).append(']');
            } else {
                if (text.length() > 0) {
                    text.append('.');
                }
                text.append(segment);
            }
        }
        return text.toString();
    }
}
