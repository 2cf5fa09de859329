package io.modelgate.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.modelgate.policy.PolicyDocument;
import io.modelgate.policy.PolicyKind;
import io.modelgate.policy.PolicyObject;
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
 * The policy in PostgreSQL: one row per object ({@code policy_object}: kind, name, position, and the object's
 * JSON as its record writes it), so the database holds exactly the typed objects and adds no rules of its own.
 * Only the control plane and start-up call it; never the hot path. Every statement that changes a row bumps
 * the policy version and notifies listeners (a trigger), whoever runs it.
 */
@ApplicationScoped
public class PolicyStore {

    /** Serialises policy writers across replicas. */
    private static final long POLICY_WRITE_LOCK = 0x6d6f64656c676174L;

    private record Row(String kind, String name, int position, JsonNode body, Instant createdAt) {
    }

    private final Sql sql;

    PolicyStore(Sql sql) {
        this.sql = sql;
    }

    /** The current policy version, read without loading the policy. */
    @Transactional
    public long version() {
        return sql.queryOne("select version from policy_version where id = 1", row -> row.getLong(1));
    }

    /** Whether a policy has ever been written; when not, a bootstrap file may be imported. */
    @Transactional
    public boolean hasPolicy() {
        return sql.queryOne("select exists (select 1 from policy_object where kind = 'settings')", row -> row.getBoolean(1));
    }

    /**
     * The whole policy in one consistent view, in a transaction of its own; the default policy with nothing in it
     * before one is written.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public StoredPolicy read() {
        sql.update("set transaction isolation level repeatable read");
        return load();
    }

    /** The whole policy as the caller's transaction sees it, after it took the lock ({@link #lock()}). */
    @Transactional(Transactional.TxType.MANDATORY)
    public StoredPolicy readLocked() {
        return load();
    }

    private StoredPolicy load() {
        record Version(long number, Instant changedAt) {
        }
        Version version = sql.queryOne("select version, changed_at from policy_version where id = 1",
                row -> new Version(row.getLong("version"), Sql.instant(row, "changed_at")));
        Map<String, List<Row>> byKind = new HashMap<>();
        rows().forEach(row -> byKind.computeIfAbsent(row.kind(), k -> new ArrayList<>()).add(row));
        PolicyDocument document = PolicyDocument.empty();
        for (PolicyKind<?> kind : PolicyKind.ALL) {
            document = withStored(document, kind, byKind.getOrDefault(kind.object().auditName(), List.of()));
        }
        Map<String, Instant> created = new HashMap<>();
        byKind.getOrDefault(PolicyObject.MODEL.auditName(), List.of()).forEach(row -> created.put(row.name(), row.createdAt()));
        return new StoredPolicy(version.number(), version.changedAt(), document, created);
    }

    private static <T> PolicyDocument withStored(PolicyDocument document, PolicyKind<T> kind, List<Row> rows) {
        if (rows.isEmpty()) {
            return document; // the settings stay the defaults until written
        }
        return kind.with(document, rows.stream().map(row -> PolicyJson.MAPPER.convertValue(row.body(), kind.type())).toList());
    }

    /**
     * Serialises policy writers across replicas until the transaction ends: every writer reads the policy after
     * taking it, so no two writers build on the same state.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lock() {
        sql.query("select pg_advisory_xact_lock(" + POLICY_WRITE_LOCK + ")", row -> null);
    }

    /**
     * Makes the stored policy equal to {@code document} within the caller's transaction, which holds the lock
     * and read the policy after taking it. Only what differs is written: an unchanged object keeps its row, and
     * so a model its creation time.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void write(PolicyDocument document) {
        Map<List<String>, Row> stored = new LinkedHashMap<>();
        rows().forEach(row -> stored.put(List.of(row.kind(), row.name()), row));
        for (PolicyKind<?> kind : PolicyKind.ALL) {
            writeKind(kind, document, stored);
        }
        stored.values().forEach(row -> sql.update("delete from policy_object where kind = ? and name = ?", row.kind(), row.name()));
    }

    private <T> void writeKind(PolicyKind<T> kind, PolicyDocument document, Map<List<String>, Row> stored) {
        String kindName = kind.object().auditName();
        List<T> objects = kind.all(document);
        for (int position = 0; position < objects.size(); position++) {
            T object = objects.get(position);
            String name = kind.nameOf(object);
            String text = PolicyJson.text(object);
            Row old = stored.remove(List.of(kindName, name));
            if (old == null) {
                sql.update("insert into policy_object (kind, name, position, body) values (?, ?, ?, cast(? as jsonb))",
                        kindName, name, position, text);
            } else if (old.position() != position || !old.body().equals(json(text))) { // parsed alike, so equal objects compare equal
                sql.update("update policy_object set position = ?, body = cast(? as jsonb), updated_at = now() where kind = ? and name = ?",
                        position, text, kindName, name);
            }
        }
    }

    private List<Row> rows() {
        return sql.query("select kind, name, position, body::text as body, created_at from policy_object order by kind, position",
                row -> new Row(row.getString("kind"), row.getString("name"), row.getInt("position"), json(row.getString("body")),
                        Sql.instant(row, "created_at")));
    }

    private static JsonNode json(String text) {
        try {
            return PolicyJson.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a policy object holds invalid JSON", e);
        }
    }
}
