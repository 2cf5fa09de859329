package io.modelgate.catalog;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

@Entity
@Table(name = "gateway_role")
public class GatewayRoleEntity extends PanacheEntityBase {
    @Id
    public String name;
    public String description;
    public boolean builtin;
    @Version
    @Column(name = "row_version")
    public long rowVersion;
}
