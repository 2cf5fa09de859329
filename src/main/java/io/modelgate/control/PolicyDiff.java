package io.modelgate.control;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelgate.policy.PolicyDocument;
import io.modelgate.policy.PolicyKind;
import io.modelgate.policy.PolicyObject;
import io.modelgate.policy.binding.PolicyJson;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What differs between two policies, object by object: what an import would add, change and remove. */
public final class PolicyDiff {

    public enum Change { ADDED, CHANGED, REMOVED }

    /** One object that differs, as its JSON; {@code before} is null when added, {@code after} when removed. */
    public record Entry(PolicyObject kind, String key, Change change, JsonNode before, JsonNode after) {
    }

    private PolicyDiff() {
    }

    public static List<Entry> between(PolicyDocument before, PolicyDocument after) {
        List<Entry> entries = new ArrayList<>();
        for (PolicyKind<?> kind : PolicyKind.ALL) {
            Map<String, JsonNode> old = views(kind, before);
            Map<String, JsonNode> fresh = views(kind, after);
            fresh.forEach((key, view) -> {
                JsonNode was = old.get(key);
                if (was == null) {
                    entries.add(new Entry(kind.object(), key, Change.ADDED, null, view));
                } else if (!was.equals(view)) {
                    entries.add(new Entry(kind.object(), key, Change.CHANGED, was, view));
                }
            });
            old.forEach((key, view) -> {
                if (!fresh.containsKey(key)) {
                    entries.add(new Entry(kind.object(), key, Change.REMOVED, view, null));
                }
            });
        }
        return entries;
    }

    private static <T> Map<String, JsonNode> views(PolicyKind<T> kind, PolicyDocument document) {
        Map<String, JsonNode> views = new LinkedHashMap<>();
        kind.all(document).forEach(object -> views.put(kind.nameOf(object), PolicyJson.tree(object)));
        return views;
    }
}
