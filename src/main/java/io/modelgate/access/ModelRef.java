package io.modelgate.access;

import java.util.Set;

/** What the access decision needs to know of a model: its public name and its tags. */
public record ModelRef(String name, Set<String> tags) {
    public ModelRef {
        tags = Set.copyOf(tags);
    }
}
