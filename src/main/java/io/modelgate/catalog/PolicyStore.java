package io.modelgate.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelgate.access.AccessPolicy;
import io.modelgate.access.AccessSettings;
import io.modelgate.access.ModelPattern;
import io.modelgate.access.ModelRef;
import io.modelgate.access.RoleClaimPath;
import io.modelgate.access.RoleMapping;
import io.modelgate.access.RolePermission;
import io.modelgate.catalog.PolicyDocument.DeploymentSpec;
import io.modelgate.catalog.PolicyDocument.ModelSpec;
import io.modelgate.upstream.Deployment;
import io.modelgate.upstream.MockBehaviour;
import io.modelgate.upstream.SecretRef;
import io.modelgate.upstream.UpstreamConfig;
import io.modelgate.upstream.UpstreamKind;
import io.modelgate.upstream.credential.CredentialSource;
import io.modelgate.upstream.credential.FailurePolicy;
import io.modelgate.upstream.credential.UpstreamCredential;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.net.URI;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads and writes the policy in PostgreSQL. Only the control plane and start-up call it; never the hot path. */
@ApplicationScoped
public class PolicyStore {

    /** Serialises whole-policy writers across replicas (bootstrap, import). */
    private static final long POLICY_WRITE_LOCK = 0x6d6f64656c676174L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EntityManager em;
    private final UpstreamConfig upstreamConfig;

    PolicyStore(EntityManager em, UpstreamConfig upstreamConfig) {
        this.em = em;
        this.upstreamConfig = upstreamConfig;
    }

    /** The current policy version, read without loading the policy. */
    @Transactional
    public long version() {
        return ((Number) em.createNativeQuery("select version from policy_version where id = 1").getSingleResult())
                .longValue();
    }

    /** Reads the whole policy in one transaction and builds an immutable snapshot of it. */
    @Transactional
    public PolicySnapshot readSnapshot() {
        em.createNativeQuery("set transaction isolation level repeatable read").executeUpdate();
        Object[] versionRow = (Object[]) em.createNativeQuery(
                "select version, changed_at from policy_version where id = 1").getSingleResult();
        long version = ((Number) versionRow[0]).longValue();
        Instant changedAt = toInstant(versionRow[1]);

        AccessSettingsEntity settingsRow = AccessSettingsEntity.findById(AccessSettingsEntity.SINGLETON_ID);
        AccessSettings settings = settingsRow == null ? AccessSettings.defaults()
                : new AccessSettings(Arrays.stream(settingsRow.roleClaimPaths).map(RoleClaimPath::parse).toList(),
                        Set.of(settingsRow.userAllowedRoles), settingsRow.enforceRbac);
        List<String> roles = GatewayRoleEntity.<GatewayRoleEntity>listAll().stream().map(r -> r.name).toList();
        List<RoleMapping> mappings = RoleMappingEntity.<RoleMappingEntity>listAll().stream()
                .map(m -> new RoleMapping(m.idpValue, m.gatewayRole)).toList();
        List<RolePermission> permissions = RolePermissionEntity.<RolePermissionEntity>listAll().stream()
                .map(p -> new RolePermission(p.gatewayRole, ModelPattern.parse(p.modelPattern))).toList();

        Map<Long, UpstreamCredential> credentials = new HashMap<>();
        for (UpstreamCredentialEntity row : UpstreamCredentialEntity.<UpstreamCredentialEntity>listAll()) {
            credentials.put(row.id, CredentialRows.toCredential(row));
        }
        List<ModelEntity> models = em.createQuery(
                "select distinct m from ModelEntity m left join fetch m.deployments", ModelEntity.class).getResultList();
        List<ModelRef> modelRefs = new ArrayList<>();
        Map<String, ModelEntry> entries = new HashMap<>();
        for (ModelEntity model : models) {
            modelRefs.add(new ModelRef(model.name, Set.of(model.tags)));
            entries.put(model.name, new ModelEntry(model.name, model.description, model.createdAt,
                    model.deployments.stream().map(d -> toDeployment(model, d, credentials)).toList()));
        }
        AccessPolicy access = new AccessPolicy(settings, roles, mappings, permissions, modelRefs);
        return new PolicySnapshot(version, changedAt, Instant.now(), access, entries);
    }

    private Deployment toDeployment(ModelEntity model, DeploymentEntity d, Map<Long, UpstreamCredential> credentials) {
        UpstreamKind kind = UpstreamKind.fromPrefix(d.kind);
        Optional<UpstreamCredential> credential = d.credential != null ? Optional.of(credentials.get(d.credential.id))
                : Optional.ofNullable(d.apiKeyRef).map(ref -> new UpstreamCredential("api_key of " + model.name,
                        new CredentialSource.ApiKey(SecretRef.parse(ref)), FailurePolicy.FAIL));
        String baseUrl = Optional.ofNullable(d.baseUrl).or(() -> credential.flatMap(UpstreamCredential::apiBase))
                .orElse(kind == UpstreamKind.OPENAI ? upstreamConfig.defaultBaseUrl() : null);
        String apiVersion = Optional.ofNullable(d.apiVersion).or(() -> credential.flatMap(UpstreamCredential::apiVersion))
                .orElse(upstreamConfig.azureApiVersion());
        MockBehaviour mock = kind != UpstreamKind.MOCK ? MockBehaviour.DEFAULT
                : new MockBehaviour(d.mockResponse, orDefault(d.mockLatencyMs, 0),
                        orDefault(d.mockChunkDelayMs, MockBehaviour.DEFAULT.chunkDelayMs()),
                        d.mockFailureRate == null ? 0 : d.mockFailureRate, orDefault(d.mockFailureStatus, 500));
        return new Deployment(d.id, kind, baseUrl == null ? null : URI.create(stripTrailingSlash(baseUrl)),
                d.upstreamModel, credential, apiVersion, d.weight,
                d.connectTimeoutMs != null ? Duration.ofMillis(d.connectTimeoutMs) : upstreamConfig.connectTimeout(),
                d.readTimeoutMs != null ? Duration.ofMillis(d.readTimeoutMs) : upstreamConfig.readTimeout(), mock);
    }

    /** Whether a policy has ever been written; when not, a bootstrap file may be imported. */
    @Transactional
    public boolean hasPolicy() {
        return AccessSettingsEntity.findById(AccessSettingsEntity.SINGLETON_ID) != null;
    }

    /**
     * Replaces the whole policy with a document, in one transaction.
     *
     * @param onlyIfEmpty when true and a policy already exists, nothing is written (used by bootstrap,
     *                    where several replicas may start at once)
     * @return whether the document was written
     */
    @Transactional
    public boolean replace(PolicyDocument document, boolean onlyIfEmpty) {
        em.createNativeQuery("select pg_advisory_xact_lock(" + POLICY_WRITE_LOCK + ")").getSingleResult();
        if (onlyIfEmpty && AccessSettingsEntity.findById(AccessSettingsEntity.SINGLETON_ID) != null) {
            return false;
        }
        RolePermissionEntity.deleteAll();
        RoleMappingEntity.deleteAll();
        DeploymentEntity.deleteAll();
        ModelEntity.deleteAll();
        UpstreamCredentialEntity.deleteAll();
        GatewayRoleEntity.delete("builtin", false);
        AccessSettingsEntity.deleteAll();

        AccessSettingsEntity settings = new AccessSettingsEntity();
        settings.roleClaimPaths = document.settings().roleClaimPaths().toArray(String[]::new);
        settings.userAllowedRoles = document.settings().userAllowedRoles().toArray(String[]::new);
        settings.enforceRbac = document.settings().enforceRbac();
        settings.persist();
        for (PolicyDocument.RoleSpec spec : document.roles()) {
            GatewayRoleEntity role = new GatewayRoleEntity();
            role.name = spec.name();
            role.description = spec.description();
            role.persist();
        }
        em.flush();
        Set<String> seenMappings = new LinkedHashSet<>();
        for (RoleMapping mapping : document.mappings()) {
            if (seenMappings.add(mapping.idpValue() + "\u0000" + mapping.gatewayRole())) {
                RoleMappingEntity entity = new RoleMappingEntity();
                entity.idpValue = mapping.idpValue();
                entity.gatewayRole = mapping.gatewayRole();
                entity.persist();
            }
        }
        Set<String> seenPermissions = new LinkedHashSet<>();
        for (PolicyDocument.PermissionSpec permission : document.permissions()) {
            for (String pattern : permission.models()) {
                if (seenPermissions.add(permission.role() + "\u0000" + pattern)) {
                    RolePermissionEntity entity = new RolePermissionEntity();
                    entity.gatewayRole = permission.role();
                    entity.modelPattern = pattern;
                    entity.persist();
                }
            }
        }
        Map<String, UpstreamCredentialEntity> credentialRows = new HashMap<>();
        for (UpstreamCredential credential : document.credentials()) {
            UpstreamCredentialEntity row = CredentialRows.toRow(credential);
            row.persist();
            credentialRows.put(credential.name(), row);
        }
        for (ModelSpec spec : document.models()) {
            ModelEntity model = new ModelEntity();
            model.name = spec.name();
            model.description = spec.description();
            model.tags = spec.tags().toArray(String[]::new);
            int position = 0;
            for (DeploymentSpec d : spec.deployments()) {
                DeploymentEntity deployment = toEntity(model, position++, d);
                deployment.credential = d.credentialName() == null ? null : credentialRows.get(d.credentialName());
                model.deployments.add(deployment);
            }
            model.persist();
        }
        return true;
    }

    private static DeploymentEntity toEntity(ModelEntity model, int position, DeploymentSpec spec) {
        DeploymentEntity d = new DeploymentEntity();
        d.model = model;
        d.position = position;
        d.kind = spec.kind().prefix();
        d.baseUrl = spec.baseUrl();
        d.upstreamModel = spec.upstreamModel();
        d.apiKeyRef = spec.apiKeyRef();
        d.apiVersion = spec.apiVersion();
        d.weight = spec.weight();
        d.connectTimeoutMs = spec.connectTimeoutMs();
        d.readTimeoutMs = spec.readTimeoutMs();
        if (spec.kind() == UpstreamKind.MOCK) {
            d.mockResponse = spec.mock().response();
            d.mockLatencyMs = spec.mock().latencyMs();
            d.mockChunkDelayMs = spec.mock().chunkDelayMs();
            d.mockFailureRate = spec.mock().failureRate();
            d.mockFailureStatus = spec.mock().failureStatus();
        }
        if (!spec.extraParams().isEmpty()) {
            try {
                d.extraParams = JSON.writeValueAsString(spec.extraParams());
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("extra parameters of " + spec.upstreamModel() + " cannot be stored", e);
            }
        }
        return d;
    }

    private static int orDefault(Integer value, int fallback) {
        return value == null ? fallback : value;
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static Instant toInstant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof Timestamp t) {
            return t.toInstant();
        }
        throw new IllegalStateException("unexpected timestamp type " + value.getClass());
    }
}
