package io.modelgate.policy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Immutable copies for the policy records: absent lists become empty, maps are sorted by key (a stable JSON form). */
final class PolicyLists {

    private PolicyLists() {
    }

    /** An unmodifiable copy; unlike {@link List#copyOf}, it keeps a null element for validation to report. */
    static <T> List<T> copy(List<T> list) {
        return list == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(list));
    }

    static <V> Map<String, V> sorted(Map<String, V> map) {
        return map == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(map));
    }
}
