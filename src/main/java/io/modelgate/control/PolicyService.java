package io.modelgate.control;

import io.modelgate.litellm.LiteLlmFormat;
import io.modelgate.policy.PolicyDocument;
import io.modelgate.policy.PolicyKind;
import io.modelgate.policy.PolicyRules;
import io.modelgate.policy.PolicyValidationException;
import io.modelgate.policy.PolicyValidationException.Problem;
import io.modelgate.policy.binding.PolicyJson;
import io.modelgate.snapshot.ActivePolicy;
import io.modelgate.store.PolicyStore;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The one way the policy is changed, for the admin API, the operator UI and the bootstrap file alike: under the
 * policy lock, read the policy, check the caller's precondition, apply the edit, validate the whole result,
 * store what differs, record the audit event — all in one transaction, so a failure at any step leaves nothing
 * behind. Other replicas learn of the commit through the version trigger's notification; this one serves it before
 * the write returns, so whoever changed the policy sees the change at once (read your writes) on the data plane,
 * in explain and in the UI.
 */
@ApplicationScoped
public class PolicyService {

    public enum Action { CREATE, UPDATE, DELETE }

    /** A change to one object. {@code ifMatch} is the entity tag the caller last saw, if it sent one. */
    public record Change<T>(PolicyKind<T> kind, String key, Action action, Optional<String> ifMatch, UnaryOperator<PolicyDocument> edit) {
    }

    /** The object after the change (empty when deleted), its entity tag, and the policy version that holds it. */
    public record Outcome<T>(Optional<T> object, Optional<String> etag, long policyVersion) {
    }

    /** What an import changes, applied only when not a dry run, and the file's keys Modelgate does not use. */
    public record ImportOutcome(List<PolicyDiff.Entry> changes, boolean applied, long policyVersion, List<String> ignoredKeys) {
    }

    private final PolicyStore store;
    private final ActivePolicy activePolicy;

    PolicyService(PolicyStore store, ActivePolicy activePolicy) {
        this.store = store;
        this.activePolicy = activePolicy;
    }

    /** The policy in force in the database. */
    public PolicyDocument current() {
        return store.read().document();
    }

    public <T> Outcome<T> apply(Actor actor, Change<T> change) {
        Outcome<T> outcome = QuarkusTransaction.requiringNew().call(() -> applyLocked(actor, change));
        activePolicy.catchUp(outcome.policyVersion());
        return outcome;
    }

    private <T> Outcome<T> applyLocked(Actor actor, Change<T> change) {
        store.lock();
        PolicyDocument before = store.readLocked().document();
        PolicyKind<T> kind = change.kind();
        Optional<T> current = kind.find(before, change.key());
        if (change.action() == Action.CREATE && current.isPresent()) {
            throw new PolicyConflictException.AlreadyExists(kind.object(), change.key());
        }
        if (change.action() != Action.CREATE && current.isEmpty()) {
            throw new PolicyConflictException.NotFound(kind.object(), change.key());
        }
        if (change.ifMatch().isPresent() && !change.ifMatch().get().equals("*")
                && !change.ifMatch().get().equals(current.map(PolicyJson::etag).orElse(null))) {
            throw new PolicyConflictException.Stale(kind.object(), change.key());
        }
        PolicyDocument after = change.edit().apply(before);
        List<PolicyRules.Violation> violations = new ArrayList<>(PolicyRules.check(after));
        violations.addAll(PolicyRules.checkChange(before, after));
        refuse(kind, change.key(), after, violations);
        Optional<T> updated = kind.find(after, change.key());
        if (after.equals(before)) { // nothing to store or audit
            return new Outcome<>(updated, updated.map(PolicyJson::etag), store.version());
        }
        long version = store.write(after);
        AuditEvent.ofChange(actor, change.action(), kind.object(), change.key(), current, updated, version).persist();
        return new Outcome<>(updated, updated.map(PolicyJson::etag), version);
    }

    /** Several changes as one: all are made, in one transaction, or none (e.g. a permission matrix saved at once). */
    public List<Outcome<?>> applyAll(Actor actor, List<Change<?>> changes) {
        List<Outcome<?>> outcomes = QuarkusTransaction.requiringNew().call(() -> {
            List<Outcome<?>> applied = new ArrayList<>();
            changes.forEach(change -> applied.add(applyLocked(actor, change)));
            return applied;
        });
        outcomes.stream().mapToLong(Outcome::policyVersion).max().ifPresent(activePolicy::catchUp);
        return outcomes;
    }

    /** Replaces the whole policy with an imported file (read and validated), or only reports the difference. */
    public ImportOutcome importPolicy(Actor actor, LiteLlmFormat.Imported imported, boolean dryRun) {
        ImportOutcome outcome = QuarkusTransaction.requiringNew().call(() -> importLocked(actor, imported, dryRun));
        activePolicy.catchUp(outcome.policyVersion());
        return outcome;
    }

    private ImportOutcome importLocked(Actor actor, LiteLlmFormat.Imported imported, boolean dryRun) {
        store.lock();
        PolicyDocument before = store.readLocked().document();
        imported.paths().refuse(PolicyRules.checkChange(before, imported.document()));
        List<PolicyDiff.Entry> changes = PolicyDiff.between(before, imported.document());
        if (dryRun || changes.isEmpty()) {
            return new ImportOutcome(changes, false, store.version(), imported.ignoredKeys());
        }
        long version = store.write(imported.document());
        AuditEvent.ofImport(actor, changes, version).persist();
        return new ImportOutcome(changes, true, version, imported.ignoredKeys());
    }

    /**
     * Imports the bootstrap file into a database that holds no policy yet, as the first event of the audit log
     * (actor {@code system}); several replicas may start at once, and only the first imports.
     *
     * @return whether it was imported
     */
    public boolean bootstrap(String source, LiteLlmFormat.Imported imported) {
        return QuarkusTransaction.requiringNew().call(() -> bootstrapLocked(source, imported));
    }

    private boolean bootstrapLocked(String source, LiteLlmFormat.Imported imported) {
        store.lock();
        if (store.hasPolicy()) {
            return false;
        }
        PolicyDocument before = store.readLocked().document();
        long version = store.write(imported.document());
        AuditEvent.ofBootstrap(source, PolicyDiff.between(before, imported.document()), version).persist();
        return true;
    }

    /**
     * Refuses a change to one object for what the rules found: problems in that object by their path in it, any
     * in others (a model left using a deleted credential, say) by the object they are in.
     */
    private static void refuse(PolicyKind<?> edited, String key, PolicyDocument after, List<PolicyRules.Violation> violations) {
        List<Problem> problems = new ArrayList<>();
        for (PolicyRules.Violation violation : violations) {
            PolicyKind<?> kind = PolicyKind.of(violation.place().kind());
            String name = nameAt(kind, after, violation.place().index());
            String path = violation.place().path().toString();
            problems.add(new Problem(kind == edited && key.equals(name) ? (path.isEmpty() ? "(body)" : path)
                    : kind.object().auditName().replace('_', ' ') + " '" + name + "'" + (path.isEmpty() ? "" : " " + path),
                    violation.message()));
        }
        if (!problems.isEmpty()) {
            throw new PolicyValidationException(problems);
        }
    }

    private static <T> String nameAt(PolicyKind<T> kind, PolicyDocument document, int index) {
        return kind.nameOf(kind.all(document).get(index));
    }
}
