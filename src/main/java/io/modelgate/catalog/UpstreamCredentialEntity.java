package io.modelgate.catalog;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One row per upstream credential; which columns are used depends on {@link #type}. Secrets only as references. */
@Entity
@Table(name = "upstream_credential")
public class UpstreamCredentialEntity extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public String name;
    public String type;
    @Column(name = "api_key_ref")
    public String apiKeyRef;
    @Column(name = "token_url")
    public String tokenUrl;
    @Column(name = "client_id")
    public String clientId;
    @Column(name = "client_secret_ref")
    public String clientSecretRef;
    @JdbcTypeCode(SqlTypes.ARRAY)
    public String[] scopes = new String[0];
    public String audience;
    @Column(name = "client_auth")
    public String clientAuth;
    /** Extra token-request form parameters as a JSON object. */
    @Column(name = "extra_params")
    public String extraParams;
    @Column(name = "azure_mode")
    public String azureMode;
    @Column(name = "tenant_id")
    public String tenantId;
    @Column(name = "federated_token_file")
    public String federatedTokenFile;
    @Column(name = "authority_host")
    public String authorityHost;
    @Column(name = "identity_endpoint")
    public String identityEndpoint;
    public String bean;
    @Column(name = "api_base")
    public String apiBase;
    @Column(name = "api_version")
    public String apiVersion;
    @Column(name = "on_failure")
    public String onFailure;
    @Version
    @Column(name = "row_version")
    public long rowVersion;
}
