package io.modelgate.control;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelgate.catalog.PolicyDocument;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** What differs between two policies, object by object: what an import would add, change and remove. */
public final class PolicyDiff {

    public enum Change { ADDED, CHANGED, REMOVED }

    /** One object that differs; {@code before} is null when added, {@code after} when removed. */
    public record Entry(PolicyObject kind, String key, Change change, ObjectNode before, ObjectNode after) {
    }

    private static final List<PolicyObject> KINDS = List.of(PolicyObject.SETTINGS, PolicyObject.ROLE, PolicyObject.ROLE_MAPPING,
            PolicyObject.CREDENTIAL, PolicyObject.MODEL, PolicyObject.PERMISSION);

    private PolicyDiff() {
    }

    public static List<Entry> between(PolicyDocument before, PolicyDocument after) {
        List<Entry> entries = new ArrayList<>();
        for (PolicyObject kind : KINDS) {
            Map<String, ObjectNode> old = ObjectViews.all(before, kind);
            Map<String, ObjectNode> fresh = ObjectViews.all(after, kind);
            fresh.forEach((key, view) -> {
                ObjectNode was = old.get(key);
                if (was == null) {
                    entries.add(new Entry(kind, key, Change.ADDED, null, view));
                } else if (!Objects.equals(was, view)) {
                    entries.add(new Entry(kind, key, Change.CHANGED, was, view));
                }
            });
            old.forEach((key, view) -> {
                if (!fresh.containsKey(key)) {
                    entries.add(new Entry(kind, key, Change.REMOVED, view, null));
                }
            });
        }
        return entries;
    }
}
