package io.modelgate.litellm;

import io.modelgate.policy.PolicyObject;
import io.modelgate.policy.PolicyRules.Place;
import io.modelgate.policy.ObjectPath;

import java.util.HashMap;
import java.util.Map;

/**
 * Where the objects of a document read from a config file came from in the file — and the parts of them that
 * come from different entries, such as a model's deployments — so a rule violation is reported at the entry
 * that causes it ({@code model_list[4].litellm_params.litellm_credential_name}).
 */
final class Provenance {

    private record Key(PolicyObject kind, int index, ObjectPath path) {
    }

    private final Map<Key, ObjectPath> paths = new HashMap<>();

    /** Part {@code path} of object {@code index} of {@code kind} is at {@code filePath}. */
    void put(PolicyObject kind, int index, ObjectPath path, ObjectPath filePath) {
        paths.putIfAbsent(new Key(kind, index, path), filePath);
    }

    /** The file path of a place: the deepest part recorded on the way to it, then the rest as is. */
    ObjectPath pathOf(Place place) {
        ObjectPath found = place.path().movedBy(part -> paths.get(new Key(place.kind(), place.index(), part)));
        return found == null ? ObjectPath.ROOT : found;
    }
}
