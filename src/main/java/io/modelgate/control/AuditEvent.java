package io.modelgate.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelgate.policy.PolicyObject;
import io.modelgate.policy.binding.PolicyJson;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.hibernate.annotations.Generated;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One committed change to the policy in the audit log ({@code audit_event}): who made it, when (the database's clock),
 * what it was, and the object before and after in its JSON form (secrets only as references). Written in the change's
 * own transaction, so a change and its event are committed together or not at all.
 */
@Entity
@Table(name = "audit_event")
public class AuditEvent extends PanacheEntityBase {

    /** Which events to list; nulls mean "any". {@code beforeId} pages backwards from an earlier page's last id. */
    public record Filter(String entityType, String entityKey, String actor, Instant since, Instant until, Long beforeId, int limit) {
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Generated
    @Column(insertable = false, updatable = false)
    public Instant at;
    @Size(max = 300)
    public String actorSubject;
    @Size(max = 300)
    public String actorEmail;
    @NotNull
    public String action;
    @NotNull
    public String entityType;
    @Size(max = 300)
    public String entityKey;
    @JdbcTypeCode(SqlTypes.JSON)
    public JsonNode before;
    @JdbcTypeCode(SqlTypes.JSON)
    public JsonNode after;
    public long policyVersion;

    /**
     * A change to one object, to be persisted in the change's transaction: the action's name ({@code create},
     * {@code update}, {@code delete}), and the object before and after in the policy's JSON form (null where there was
     * none).
     */
    static <T> AuditEvent ofChange(Actor actor, PolicyService.Action action, PolicyObject kind, String key, Optional<T> before,
            Optional<T> after, long policyVersion) {
        return of(actor, action.name().toLowerCase(Locale.ROOT), kind, key, before.map(PolicyJson::tree).orElse(null),
                after.map(PolicyJson::tree).orElse(null), policyVersion);
    }

    /** A whole policy imported: no one object, and as "after" which objects it added, changed and removed. */
    static AuditEvent ofImport(Actor actor, List<PolicyDiff.Entry> changes, long policyVersion) {
        return of(actor, "import", PolicyObject.POLICY, null, null, summary(changes), policyVersion);
    }

    /** The bootstrap file imported into a database with no policy yet, by Modelgate itself, naming the file. */
    static AuditEvent ofBootstrap(String source, List<PolicyDiff.Entry> changes, long policyVersion) {
        return of(Actor.SYSTEM, "import", PolicyObject.POLICY, null, null, summary(changes).put("source", source), policyVersion);
    }

    private static AuditEvent of(Actor actor, String action, PolicyObject kind, String key, JsonNode before, JsonNode after,
            long policyVersion) {
        AuditEvent event = new AuditEvent();
        event.actorSubject = actor.subject();
        event.actorEmail = actor.email();
        event.action = action;
        event.entityType = kind.auditName();
        event.entityKey = key;
        event.before = before;
        event.after = after;
        event.policyVersion = policyVersion;
        return event;
    }

    /** An import's changes by kind of change: {@code {"added": ["model:gpt-4o", …], "changed": […], "removed": […]}}. */
    private static ObjectNode summary(List<PolicyDiff.Entry> changes) {
        ObjectNode summary = JsonNodeFactory.instance.objectNode();
        for (PolicyDiff.Entry entry : changes) {
            summary.withArray(entry.change().name().toLowerCase(Locale.ROOT)).add(entry.kind().auditName() + ":" + entry.key());
        }
        return summary;
    }

    /** The events the filter asks for, newest first. */
    public static List<AuditEvent> list(Filter filter) {
        List<String> conditions = new ArrayList<>();
        Parameters parameters = new Parameters();
        condition(conditions, parameters, "entityType", filter.entityType(), "entityType = :entityType");
        condition(conditions, parameters, "entityKey", filter.entityKey(), "entityKey = :entityKey");
        condition(conditions, parameters, "actor", filter.actor(), "(actorSubject = :actor or actorEmail = :actor)");
        condition(conditions, parameters, "since", filter.since(), "at >= :since");
        condition(conditions, parameters, "until", filter.until(), "at < :until");
        condition(conditions, parameters, "beforeId", filter.beforeId(), "id < :beforeId");
        String query = conditions.isEmpty() ? "" : String.join(" and ", conditions);
        return find(query, Sort.descending("id"), parameters).page(0, filter.limit()).list();
    }

    private static void condition(List<String> conditions, Parameters parameters, String name, Object value, String condition) {
        if (value != null) {
            conditions.add(condition);
            parameters.and(name, value);
        }
    }
}
