package io.modelgate.access;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Where a token keeps its roles: a dotted path into the claims, such as {@code roles},
 * {@code realm_access.roles}, {@code resource_access."my.client".roles} or {@code scp}.
 *
 * <p>A segment may be double-quoted so that claim names containing dots (Keycloak client ids,
 * URI-style claims) can be addressed. Values may be arrays of strings or a single string; a string
 * is split on white space, which is how {@code scp}/{@code scope} carry several values.
 */
public final class RoleClaimPath {

    private final String text;
    private final List<String> segments;

    private RoleClaimPath(String text, List<String> segments) {
        this.text = text;
        this.segments = List.copyOf(segments);
    }

    /** Parses a path; throws {@link IllegalArgumentException} with a readable reason when malformed. */
    public static RoleClaimPath parse(String path) {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("a roles claim path must not be empty");
        }
        String trimmed = path.trim();
        List<String> segments = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        boolean segmentWasQuoted = false;
        for (int i = 0; i < trimmed.length(); i++) {
            char c = trimmed.charAt(i);
            if (c == '"') {
                quoted = !quoted;
                segmentWasQuoted = true;
            } else if (c == '.' && !quoted) {
                addSegment(trimmed, segments, current, segmentWasQuoted);
                current.setLength(0);
                segmentWasQuoted = false;
            } else {
                current.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("roles claim path '" + trimmed + "' has an unclosed quote");
        }
        addSegment(trimmed, segments, current, segmentWasQuoted);
        return new RoleClaimPath(trimmed, segments);
    }

    private static void addSegment(String path, List<String> segments, StringBuilder current, boolean quoted) {
        String segment = quoted ? current.toString() : current.toString().trim();
        if (segment.isEmpty()) {
            throw new IllegalArgumentException("roles claim path '" + path + "' has an empty segment");
        }
        segments.add(segment);
    }

    /**
     * Reads the values at this path.
     *
     * @param topLevelClaim looks up a top-level claim by name; nested values are {@link Map}s,
     *                      arrays are {@link Collection}s, strings are {@link String}s
     * @return the values found, in token order, without duplicates; empty when the path is absent
     */
    public Set<String> extract(Function<String, Object> topLevelClaim) {
        Object node = topLevelClaim.apply(segments.get(0));
        for (int i = 1; i < segments.size() && node != null; i++) {
            node = node instanceof Map<?, ?> map ? map.get(segments.get(i)) : null;
        }
        Set<String> values = new LinkedHashSet<>();
        collect(node, values);
        return values;
    }

    private static void collect(Object node, Set<String> values) {
        if (node instanceof String s) {
            for (String part : s.trim().split("\\s+")) {
                if (!part.isEmpty()) {
                    values.add(part);
                }
            }
        } else if (node instanceof Collection<?> list) {
            for (Object item : list) {
                if (item instanceof String s && !s.isBlank()) {
                    values.add(s.trim());
                }
            }
        }
    }

    /** The first segment: the only top-level claim this path reads. */
    public String topLevelClaim() {
        return segments.get(0);
    }

    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RoleClaimPath other && other.text.equals(text);
    }

    @Override
    public int hashCode() {
        return Objects.hash(text);
    }
}
