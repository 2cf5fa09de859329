package io.modelgate.control;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelgate.catalog.PolicyChecks;
import io.modelgate.catalog.PolicyDocument;
import io.modelgate.catalog.PolicyStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The one way the policy is changed, for the admin API and the operator UI alike: under the policy
 * lock, read the policy, check the caller's precondition, apply the edit, validate the whole result,
 * store what differs, record the audit event — all in one transaction, so a failure at any step leaves
 * nothing behind. Replicas learn of the commit through the version trigger's notification.
 */
@ApplicationScoped
public class PolicyService {

    public enum Action { CREATE, UPDATE, DELETE }

    /** A change to one object. {@code ifMatch} is the entity tag the caller last saw, if it sent one. */
    public record Change(PolicyObject kind, String key, Action action, Optional<String> ifMatch, UnaryOperator<PolicyDocument> edit) {
    }

    /** The object after the change (empty when deleted), its entity tag, and the policy version that holds it. */
    public record Outcome(Optional<ObjectNode> object, Optional<String> etag, long policyVersion) {
    }

    /** What an import changes; applied only when not a dry run. */
    public record ImportOutcome(List<PolicyDiff.Entry> changes, boolean applied, long policyVersion) {
    }

    private final PolicyStore store;
    private final AuditLog audit;

    PolicyService(PolicyStore store, AuditLog audit) {
        this.store = store;
        this.audit = audit;
    }

    @Transactional
    public PolicyDocument current() {
        return store.readDocument();
    }

    @Transactional
    public Outcome apply(Actor actor, Change change) {
        store.lockPolicy();
        PolicyDocument before = store.readDocument();
        Optional<ObjectNode> current = ObjectViews.find(before, change.kind(), change.key());
        if (change.action() == Action.CREATE && current.isPresent()) {
            throw new PolicyConflictException.AlreadyExists(change.kind(), change.key());
        }
        if (change.action() != Action.CREATE && current.isEmpty() && change.kind() != PolicyObject.SETTINGS) {
            throw new PolicyConflictException.NotFound(change.kind(), change.key());
        }
        if (change.ifMatch().isPresent() && !change.ifMatch().get().equals("*")
                && !change.ifMatch().get().equals(current.map(ObjectViews::etag).orElse(null))) {
            throw new PolicyConflictException.Stale(change.kind(), change.key());
        }
        PolicyDocument after = change.edit().apply(before);
        PolicyChecks.check(after);
        PolicyChecks.checkNewGrants(before, after);
        Optional<ObjectNode> updated = ObjectViews.find(after, change.kind(), change.key());
        if (updated.equals(current)) { // nothing to store or audit
            return new Outcome(updated, updated.map(ObjectViews::etag), store.version());
        }
        store.write(after);
        long version = store.version();
        audit.record(actor, change.action().name().toLowerCase(Locale.ROOT), change.kind(), change.key(),
                current.orElse(null), updated.orElse(null), version);
        return new Outcome(updated, updated.map(ObjectViews::etag), version);
    }

    /** Several changes as one: all are made, in one transaction, or none (e.g. a permission matrix saved at once). */
    @Transactional
    public List<Outcome> applyAll(Actor actor, List<Change> changes) {
        return changes.stream().map(change -> apply(actor, change)).toList();
    }

    /** Replaces the whole policy with an imported one (already parsed and validated), or only reports the difference. */
    @Transactional
    public ImportOutcome importPolicy(Actor actor, PolicyDocument imported, boolean dryRun) {
        store.lockPolicy();
        PolicyDocument before = store.readDocument();
        PolicyChecks.check(imported);
        PolicyChecks.checkNewGrants(before, imported);
        List<PolicyDiff.Entry> changes = PolicyDiff.between(before, imported);
        if (dryRun || changes.isEmpty()) {
            return new ImportOutcome(changes, false, store.version());
        }
        store.write(imported);
        long version = store.version();
        ObjectNode summary = JsonNodeFactory.instance.objectNode();
        for (PolicyDiff.Entry entry : changes) {
            summary.withArray(entry.change().name().toLowerCase(Locale.ROOT))
                    .add(entry.kind().auditName() + ":" + entry.key());
        }
        audit.record(actor, "import", PolicyObject.POLICY, null, null, summary, version);
        return new ImportOutcome(changes, true, version);
    }
}
