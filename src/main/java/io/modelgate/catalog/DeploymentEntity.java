package io.modelgate.catalog;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

@Entity
@Table(name = "deployment")
public class DeploymentEntity extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "model_id")
    public ModelEntity model;
    public int position;
    /** {@code openai}, {@code azure} or {@code mock}. */
    public String kind;
    @Column(name = "base_url")
    public String baseUrl;
    @Column(name = "upstream_model")
    public String upstreamModel;
    /** {@code os.environ/NAME}; never a secret value. */
    @Column(name = "api_key_ref")
    public String apiKeyRef;
    @Column(name = "api_version")
    public String apiVersion;
    public int weight = 1;
    @Column(name = "connect_timeout_ms")
    public Integer connectTimeoutMs;
    @Column(name = "read_timeout_ms")
    public Integer readTimeoutMs;
    @Column(name = "mock_response")
    public String mockResponse;
    @Column(name = "mock_latency_ms")
    public Integer mockLatencyMs;
    @Column(name = "mock_chunk_delay_ms")
    public Integer mockChunkDelayMs;
    @Column(name = "mock_failure_rate")
    public Double mockFailureRate;
    @Column(name = "mock_failure_status")
    public Integer mockFailureStatus;
    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "credential_id")
    public UpstreamCredentialEntity credential;
    /** Further LiteLLM parameters as a JSON object, kept for lossless export. */
    @Column(name = "extra_params")
    public String extraParams;
    @Version
    @Column(name = "row_version")
    public long rowVersion;
}
