package io.modelgate.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelgate.catalog.PolicyStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The audit log in PostgreSQL: one event per committed change, written in the change's transaction. */
@ApplicationScoped
public class AuditLog {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One recorded change. */
    public record Event(long id, Instant at, String actorSubject, String actorEmail, String action, String entityType,
            String entityKey, JsonNode before, JsonNode after, long policyVersion) {
    }

    /** Which events to list; nulls mean "any". {@code beforeId} pages backwards from an earlier page's last id. */
    public record Filter(String entityType, String entityKey, String actor, Instant since, Instant until, Long beforeId, int limit) {
    }

    private final EntityManager em;

    AuditLog(EntityManager em) {
        this.em = em;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void record(Actor actor, String action, PolicyObject kind, String key, JsonNode before, JsonNode after, long policyVersion) {
        em.createNativeQuery("insert into audit_event (actor_subject, actor_email, action, entity_type, entity_key, before, after,"
                        + " policy_version) values (?1, ?2, ?3, ?4, ?5, cast(?6 as jsonb), cast(?7 as jsonb), ?8)")
                .setParameter(1, actor.subject())
                .setParameter(2, actor.email())
                .setParameter(3, action)
                .setParameter(4, kind.auditName())
                .setParameter(5, key)
                .setParameter(6, before == null ? null : before.toString())
                .setParameter(7, after == null ? null : after.toString())
                .setParameter(8, policyVersion)
                .executeUpdate();
    }

    /** Newest first. */
    @Transactional
    public List<Event> list(Filter filter) {
        StringBuilder sql = new StringBuilder("select id, at, actor_subject, actor_email, action, entity_type, entity_key,"
                + " before::text, after::text, policy_version from audit_event where true");
        Map<String, Object> parameters = new LinkedHashMap<>();
        condition(sql, parameters, "entity_type = :type", "type", filter.entityType());
        condition(sql, parameters, "entity_key = :key", "key", filter.entityKey());
        condition(sql, parameters, "(actor_subject = :actor or actor_email = :actor)", "actor", filter.actor());
        condition(sql, parameters, "at >= :since", "since", filter.since() == null ? null : Timestamp.from(filter.since()));
        condition(sql, parameters, "at < :until", "until", filter.until() == null ? null : Timestamp.from(filter.until()));
        condition(sql, parameters, "id < :beforeId", "beforeId", filter.beforeId());
        sql.append(" order by id desc limit :limit");
        parameters.put("limit", filter.limit());
        Query query = em.createNativeQuery(sql.toString());
        parameters.forEach(query::setParameter);
        List<Event> events = new ArrayList<>();
        for (Object row : query.getResultList()) {
            Object[] r = (Object[]) row;
            events.add(new Event(((Number) r[0]).longValue(), PolicyStore.toInstant(r[1]), (String) r[2], (String) r[3], (String) r[4],
                    (String) r[5], (String) r[6], json((String) r[7]), json((String) r[8]), ((Number) r[9]).longValue()));
        }
        return events;
    }

    private static void condition(StringBuilder sql, Map<String, Object> parameters, String clause, String name, Object value) {
        if (value != null) {
            sql.append(" and ").append(clause);
            parameters.put(name, value);
        }
    }

    private static JsonNode json(String text) {
        try {
            return text == null ? null : JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an audit event holds invalid JSON", e);
        }
    }
}
