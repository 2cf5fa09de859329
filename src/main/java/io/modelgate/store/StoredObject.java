package io.modelgate.store;

import io.modelgate.policy.Credential;
import io.modelgate.policy.GatewayRole;
import io.modelgate.policy.JwtAuthSettings;
import io.modelgate.policy.Limit;
import io.modelgate.policy.McpServer;
import io.modelgate.policy.Model;
import io.modelgate.policy.Permission;
import io.modelgate.policy.PolicyKind;
import io.modelgate.policy.RoleMapping;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.DiscriminatorColumn;
import jakarta.persistence.DiscriminatorValue;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Inheritance;
import jakarta.persistence.InheritanceType;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.Table;
import org.hibernate.annotations.DiscriminatorOptions;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.annotations.Mutability;
import org.hibernate.annotations.SourceType;
import org.hibernate.annotations.UpdateTimestamp;
import org.hibernate.type.SqlTypes;
import org.hibernate.type.descriptor.java.Immutability;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One policy object as the database keeps it ({@code policy_object}): its kind and name, its place in its kind's
 * list, when it was first stored and last changed, and its body — the object's own record from {@code policy/},
 * stored as the JSON that record writes ({@link JsonColumns}). There is no second shape per object: each kind's entity
 * only says which record its body is. Read and written only by {@link PolicyStore}.
 */
@Entity
@Table(name = "policy_object")
@Inheritance(strategy = InheritanceType.SINGLE_TABLE)
@DiscriminatorColumn(name = "kind")
@DiscriminatorOptions(insert = false) // the kind is the key's first part too, and written as that
@IdClass(StoredObject.Key.class)
public abstract class StoredObject extends PanacheEntityBase {

    /** The primary key: kind and name. */
    public static class Key implements Serializable {
        public String kind;
        public String name;

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && kind.equals(key.kind) && name.equals(key.name);
        }

        @Override
        public int hashCode() {
            return Objects.hash(kind, name);
        }
    }

    @Id
    public String kind;
    @Id
    public String name;
    public int position;
    /** Set by the database when the object is first stored; a model's {@code created} in {@code /v1/models}. */
    @Column(insertable = false, updatable = false)
    public Instant createdAt;
    @UpdateTimestamp(source = SourceType.DB)
    public Instant updatedAt;

    /** Every stored object, by kind and position. */
    static List<StoredObject> all() {
        return list("order by kind, position");
    }

    /** An object of one kind, typed by its record. */
    @MappedSuperclass
    public abstract static class Of<T> extends StoredObject {

        /** Replaced, never changed in place: the records are immutable, so the session keeps no copy to compare. */
        @JdbcTypeCode(SqlTypes.JSON)
        @Mutability(Immutability.class)
        public T body;

        private final transient PolicyKind<T> policyKind;

        Of(PolicyKind<T> policyKind) {
            this.policyKind = policyKind;
            this.kind = policyKind.object().auditName();
        }

        public PolicyKind<T> policyKind() {
            return policyKind;
        }
    }

    /** A new, unsaved object of {@code kind}. */
    @SuppressWarnings("unchecked")
    static <T> Of<T> create(PolicyKind<T> kind) {
        Of<?> created = switch (kind.object()) {
            case SETTINGS -> new Settings();
            case ROLE -> new Role();
            case ROLE_MAPPING -> new Mapping();
            case PERMISSION -> new Grant();
            case CREDENTIAL -> new CredentialObject();
            case MODEL -> new ModelObject();
            case LIMIT -> new LimitObject();
            case MCP_SERVER -> new McpServerObject();
            case POLICY -> throw new IllegalArgumentException("the policy as a whole is not stored as an object");
        };
        return (Of<T>) created;
    }

    @Entity
    @DiscriminatorValue("settings")
    public static class Settings extends Of<JwtAuthSettings> {
        public Settings() {
            super(PolicyKind.SETTINGS);
        }
    }

    @Entity
    @DiscriminatorValue("role")
    public static class Role extends Of<GatewayRole> {
        public Role() {
            super(PolicyKind.ROLES);
        }
    }

    @Entity
    @DiscriminatorValue("role_mapping")
    public static class Mapping extends Of<RoleMapping> {
        public Mapping() {
            super(PolicyKind.ROLE_MAPPINGS);
        }
    }

    @Entity
    @DiscriminatorValue("permission")
    public static class Grant extends Of<Permission> {
        public Grant() {
            super(PolicyKind.PERMISSIONS);
        }
    }

    @Entity
    @DiscriminatorValue("credential")
    public static class CredentialObject extends Of<Credential> {
        public CredentialObject() {
            super(PolicyKind.CREDENTIALS);
        }
    }

    @Entity
    @DiscriminatorValue("model")
    public static class ModelObject extends Of<Model> {
        public ModelObject() {
            super(PolicyKind.MODELS);
        }
    }

    @Entity
    @DiscriminatorValue("limit")
    public static class LimitObject extends Of<Limit> {
        public LimitObject() {
            super(PolicyKind.LIMITS);
        }
    }

    @Entity
    @DiscriminatorValue("mcp_server")
    public static class McpServerObject extends Of<McpServer> {
        public McpServerObject() {
            super(PolicyKind.MCP_SERVERS);
        }
    }
}
