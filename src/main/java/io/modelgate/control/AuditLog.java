package io.modelgate.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.modelgate.policy.PolicyObject;
import io.modelgate.policy.binding.PolicyJson;
import io.modelgate.store.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The audit log in PostgreSQL: one event per committed change, written in the change's transaction. */
@ApplicationScoped
public class AuditLog {

    /** One recorded change. */
    public record Event(long id, Instant at, String actorSubject, String actorEmail, String action, String entityType,
            String entityKey, JsonNode before, JsonNode after, long policyVersion) {
    }

    /** Which events to list; nulls mean "any". {@code beforeId} pages backwards from an earlier page's last id. */
    public record Filter(String entityType, String entityKey, String actor, Instant since, Instant until, Long beforeId, int limit) {
    }

    private final Sql sql;

    AuditLog(Sql sql) {
        this.sql = sql;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void record(Actor actor, String action, PolicyObject kind, String key, JsonNode before, JsonNode after, long policyVersion) {
        sql.update("insert into audit_event (actor_subject, actor_email, action, entity_type, entity_key, before, after, policy_version)"
                        + " values (?, ?, ?, ?, ?, cast(? as jsonb), cast(? as jsonb), ?)",
                actor.subject(), actor.email(), action, kind.auditName(), key, before == null ? null : before.toString(),
                after == null ? null : after.toString(), policyVersion);
    }

    /** Newest first. */
    @Transactional
    public List<Event> list(Filter filter) {
        StringBuilder query = new StringBuilder("select id, at, actor_subject, actor_email, action, entity_type, entity_key,"
                + " before::text as before, after::text as after, policy_version from audit_event where true");
        List<Object> parameters = new ArrayList<>();
        condition(query, parameters, " and entity_type = ?", filter.entityType());
        condition(query, parameters, " and entity_key = ?", filter.entityKey());
        if (filter.actor() != null) {
            query.append(" and (actor_subject = ? or actor_email = ?)");
            parameters.add(filter.actor());
            parameters.add(filter.actor());
        }
        condition(query, parameters, " and at >= ?", filter.since());
        condition(query, parameters, " and at < ?", filter.until());
        condition(query, parameters, " and id < ?", filter.beforeId());
        query.append(" order by id desc limit ?");
        parameters.add(filter.limit());
        return sql.query(query.toString(), row -> new Event(row.getLong("id"), Sql.instant(row, "at"), row.getString("actor_subject"),
                row.getString("actor_email"), row.getString("action"), row.getString("entity_type"), row.getString("entity_key"),
                json(row.getString("before")), json(row.getString("after")), row.getLong("policy_version")), parameters.toArray());
    }

    private static void condition(StringBuilder query, List<Object> parameters, String clause, Object value) {
        if (value != null) {
            query.append(clause);
            parameters.add(value);
        }
    }

    private static JsonNode json(String text) {
        try {
            return text == null ? null : PolicyJson.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an audit event holds invalid JSON", e);
        }
    }
}
