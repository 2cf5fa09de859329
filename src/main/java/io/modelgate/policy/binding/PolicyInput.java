package io.modelgate.policy.binding;

import io.modelgate.policy.ObjectPath;
import com.fasterxml.jackson.databind.JsonNode;
import io.modelgate.policy.PolicyValidationException;
import io.modelgate.policy.PolicyValidationException.Problem;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A document or object read into its record, with every problem found on the way (shape, field constraints,
 * and any the caller adds, such as cross-object rules). Problems are kept by canonical path and reported as
 * the input spelt them, in the order they appear in it.
 */
public final class PolicyInput<T> {

    /** A problem at a path as written. */
    private record Found(ObjectPath path, String message) {
    }

    private final T value;
    /** The input as it was given: problems are ordered by where they are in it. */
    private final JsonNode input;
    private final String rootLabel;
    private final TreeShape shape;
    private final List<Found> problems = new ArrayList<>();

    PolicyInput(T value, JsonNode input, String rootLabel, TreeShape shape) {
        this.value = value;
        this.input = input;
        this.rootLabel = rootLabel;
        this.shape = shape;
        shape.problems.forEach((path, message) -> problems.add(new Found(path, message)));
    }

    /** The record; its values may be invalid where problems were found, and it is null when the input was not an object at all. */
    public T value() {
        return value;
    }

    /** Adds a problem at a canonical path, unless that value was already reported and taken out. */
    public void problem(ObjectPath path, String message) {
        if (!shape.isRemoved(path)) {
            problems.add(new Found(written(path), message));
        }
    }

    public boolean hasProblems() {
        return !problems.isEmpty();
    }

    /** Keys the input had that Modelgate accepted and does not use, as written. */
    public List<String> ignoredKeys() {
        return shape.ignored.stream().map(ObjectPath::toString).toList();
    }

    /** Every problem, in input order, at the path the input spelt. */
    public List<Problem> problems() {
        return problems.stream().sorted(Comparator.comparing(found -> position(found.path()), PolicyInput::compare))
                .map(found -> new Problem(label(found.path()), found.message())).distinct().toList();
    }

    public void throwIfProblems() {
        if (hasProblems()) {
            throw new PolicyValidationException(problems());
        }
    }

    private String label(ObjectPath path) {
        return path.isRoot() ? rootLabel : path.toString();
    }

    /** The path as the input spelt it: the deepest respelt place on the way, then the rest as is. */
    private ObjectPath written(ObjectPath canonical) {
        ObjectPath spelt = canonical.movedBy(shape.written::get);
        return spelt == null ? canonical : spelt;
    }

    /** Where a written path is in the input: the rank of each key among its object's keys, or the index; absent ones last. */
    private List<Integer> position(ObjectPath path) {
        List<Integer> ranks = new ArrayList<>();
        JsonNode node = input;
        for (Object segment : path.segments()) {
            int rank = Integer.MAX_VALUE;
            JsonNode next = null;
            if (node != null && segment instanceof Integer index && node.isArray()) {
                rank = index;
                next = node.get(index);
            } else if (node != null && segment instanceof String key && node.isObject()) {
                int i = 0;
                for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); i++) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    if (field.getKey().equals(key)) {
                        rank = i;
                        next = field.getValue();
                        break;
                    }
                }
            }
            ranks.add(rank);
            node = next;
        }
        return ranks;
    }

    private static int compare(List<Integer> a, List<Integer> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int order = Integer.compare(a.get(i), b.get(i));
            if (order != 0) {
                return order;
            }
        }
        return Integer.compare(a.size(), b.size());
    }
}
