package io.modelgate.store;

import io.modelgate.policy.PolicyDocument;
import io.modelgate.policy.PolicyKind;
import io.modelgate.policy.binding.PolicyJson;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The policy in PostgreSQL: one {@link StoredObject} per object, whose body is the object's own record, so the
 * database holds exactly the typed objects and adds no rules of its own. Only the control plane and start-up call
 * it; never the hot path. Every statement that changes an object bumps the {@link PolicyVersion} and notifies
 * listeners (a trigger), whoever runs it.
 */
@ApplicationScoped
public class PolicyStore {

    /** The current policy version, read without loading the policy. */
    @Transactional
    public long version() {
        return PolicyVersion.current();
    }

    /** Whether a policy has ever been written; when not, a bootstrap file may be imported. */
    @Transactional
    public boolean hasPolicy() {
        return StoredObject.Settings.count() > 0;
    }

    /**
     * The whole policy, in a transaction of its own; the default policy with nothing in it before one is written.
     * The version is read before the objects: a change committed in between is then in the objects but not the
     * version, so the snapshot built from them is reloaded once more, never labelled newer than what it holds.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public StoredPolicy read() {
        return load();
    }

    /** The whole policy as the caller's transaction sees it, after it took the lock ({@link #lock()}). */
    @Transactional(Transactional.TxType.MANDATORY)
    public StoredPolicy readLocked() {
        return load();
    }

    private StoredPolicy load() {
        PolicyVersion version = PolicyVersion.read();
        Map<PolicyKind<?>, List<Object>> bodies = new HashMap<>();
        Map<String, Instant> created = new HashMap<>();
        for (StoredObject stored : StoredObject.all()) {
            StoredObject.Of<?> object = (StoredObject.Of<?>) stored;
            bodies.computeIfAbsent(object.policyKind(), k -> new ArrayList<>()).add(object.body);
            if (object.policyKind() == PolicyKind.MODELS) {
                created.put(object.name, object.createdAt);
            }
        }
        return new StoredPolicy(version.version, version.changedAt, document(bodies), created);
    }

    /** The document the stored bodies make, each kind's in stored order; a kind with none keeps its default. */
    static PolicyDocument document(Map<PolicyKind<?>, List<Object>> bodies) {
        PolicyDocument document = PolicyDocument.empty();
        for (PolicyKind<?> kind : PolicyKind.ALL) {
            document = withStored(document, kind, bodies.getOrDefault(kind, List.of()));
        }
        return document;
    }

    private static <T> PolicyDocument withStored(PolicyDocument document, PolicyKind<T> kind, List<Object> bodies) {
        if (bodies.isEmpty()) {
            return document; // the settings stay the defaults until written
        }
        return kind.with(document, bodies.stream().map(kind.type()::cast).toList());
    }

    /**
     * Makes policy writers take turns across replicas until the transaction ends: every writer reads the policy after
     * taking its turn, so no two writers build on the same state.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lock() {
        PolicyVersion.lockForWriting();
    }

    /**
     * Makes the stored policy equal to {@code document} within the caller's transaction, which holds the lock and read
     * the policy after taking it, and returns the policy version that holds it. Only what differs is written: an
     * unchanged object keeps its row, and so a model its creation time.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public long write(PolicyDocument document) {
        Map<StoredObject.Key, StoredObject> stored = new LinkedHashMap<>();
        StoredObject.all().forEach(object -> stored.put(key(object.kind, object.name), object));
        for (PolicyKind<?> kind : PolicyKind.ALL) {
            writeKind(kind, document, stored);
        }
        stored.values().forEach(StoredObject::delete);
        StoredObject.flush(); // the trigger bumps the version as the statements run
        return PolicyVersion.current();
    }

    @SuppressWarnings("unchecked")
    private static <T> void writeKind(PolicyKind<T> kind, PolicyDocument document, Map<StoredObject.Key, StoredObject> stored) {
        List<T> objects = kind.all(document);
        for (int position = 0; position < objects.size(); position++) {
            T object = objects.get(position);
            String name = kind.nameOf(object);
            StoredObject.Of<T> row = (StoredObject.Of<T>) stored.remove(key(kind.object().auditName(), name));
            if (row == null) {
                row = StoredObject.create(kind);
                row.name = name;
                row.position = position;
                row.body = object;
                row.persist();
            } else {
                if (row.position != position) {
                    row.position = position;
                }
                if (!PolicyJson.text(row.body).equals(PolicyJson.text(object))) { // equal JSON is an unchanged object
                    row.body = object;
                }
            }
        }
    }

    private static StoredObject.Key key(String kind, String name) {
        StoredObject.Key key = new StoredObject.Key();
        key.kind = kind;
        key.name = name;
        return key;
    }
}
