package io.modelgate.catalog;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** The single settings row; its existence marks that a policy has been written. */
@Entity
@Table(name = "access_settings")
public class AccessSettingsEntity extends PanacheEntityBase {
    public static final short SINGLETON_ID = 1;

    @Id
    public short id = SINGLETON_ID;
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "role_claim_paths")
    public String[] roleClaimPaths;
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "user_allowed_roles")
    public String[] userAllowedRoles = new String[0];
    @Column(name = "enforce_rbac")
    public boolean enforceRbac = true;
    @Version
    @Column(name = "row_version")
    public long rowVersion;
}
