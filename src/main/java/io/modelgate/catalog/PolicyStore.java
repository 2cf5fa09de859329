package io.modelgate.catalog;

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
import io.modelgate.secret.SecretRef;
import io.modelgate.upstream.UpstreamConfig;
import io.modelgate.upstream.UpstreamKind;
import io.modelgate.upstream.credential.CredentialSource;
import io.modelgate.upstream.credential.FailurePolicy;
import io.modelgate.upstream.credential.UpstreamCredential;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
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
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** Reads and writes the policy in PostgreSQL. Only the control plane and start-up call it; never the hot path. */
@ApplicationScoped
public class PolicyStore {

    /** Serialises whole-policy writers across replicas (bootstrap, import). */
    private static final long POLICY_WRITE_LOCK = 0x6d6f64656c676174L;

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
        return new Deployment(d.id, kind, baseUrl == null ? null : URI.create(stripTrailingSlash(baseUrl)),
                d.upstreamModel, credential, apiVersion, d.weight,
                d.connectTimeoutMs != null ? Duration.ofMillis(d.connectTimeoutMs) : upstreamConfig.connectTimeout(),
                d.readTimeoutMs != null ? Duration.ofMillis(d.readTimeoutMs) : upstreamConfig.readTimeout(), PolicyRows.mock(d));
    }

    /** Whether a policy has ever been written; when not, a bootstrap file may be imported. */
    @Transactional
    public boolean hasPolicy() {
        return AccessSettingsEntity.findById(AccessSettingsEntity.SINGLETON_ID) != null;
    }

    /**
     * The stored policy as a document (what export writes and what admin edits start from), or the
     * defaults with nothing in it before a policy has been written.
     */
    @Transactional
    public PolicyDocument readDocument() {
        AccessSettingsEntity settingsRow = AccessSettingsEntity.findById(AccessSettingsEntity.SINGLETON_ID);
        PolicyDocument.Settings settings = settingsRow == null
                ? new PolicyDocument.Settings(List.of(AccessSettings.DEFAULT_ROLE_CLAIM_PATH), List.of(), true)
                : new PolicyDocument.Settings(List.of(settingsRow.roleClaimPaths), List.of(settingsRow.userAllowedRoles),
                        settingsRow.enforceRbac);
        List<PolicyDocument.RoleSpec> roles = GatewayRoleEntity.<GatewayRoleEntity>list("builtin = false order by name").stream()
                .map(r -> new PolicyDocument.RoleSpec(r.name, r.description)).toList();
        List<RoleMapping> mappings = RoleMappingEntity.<RoleMappingEntity>list("order by id").stream()
                .map(m -> new RoleMapping(m.idpValue, m.gatewayRole)).toList();
        Map<String, List<String>> patternsByRole = new LinkedHashMap<>();
        for (RolePermissionEntity p : RolePermissionEntity.<RolePermissionEntity>list("order by id")) {
            patternsByRole.computeIfAbsent(p.gatewayRole, r -> new ArrayList<>()).add(p.modelPattern);
        }
        List<PolicyDocument.PermissionSpec> permissions = patternsByRole.entrySet().stream()
                .map(e -> new PolicyDocument.PermissionSpec(e.getKey(), e.getValue())).toList();
        List<UpstreamCredential> credentials = UpstreamCredentialEntity.<UpstreamCredentialEntity>list("order by id").stream()
                .map(CredentialRows::toCredential).toList();
        List<ModelSpec> models = em.createQuery(
                "select distinct m from ModelEntity m left join fetch m.deployments order by m.id", ModelEntity.class)
                .getResultList().stream()
                .map(m -> new ModelSpec(m.name, m.description, List.of(m.tags), m.deployments.stream().map(PolicyRows::toSpec).toList()))
                .toList();
        return new PolicyDocument(settings, roles, mappings, permissions, credentials, models);
    }

    /**
     * Makes the stored policy equal to a document, in the caller's transaction, touching only what
     * differs: unchanged models keep their ids and creation times, and every statement that changes
     * something bumps the policy version (triggers), which replicas are notified of on commit.
     *
     * @param onlyIfEmpty when true and a policy already exists, nothing is written (used by bootstrap,
     *                    where several replicas may start at once)
     * @return whether the document was written
     */
    @Transactional
    public boolean replace(PolicyDocument document, boolean onlyIfEmpty) {
        lockPolicy();
        if (onlyIfEmpty && hasPolicy()) {
            return false;
        }
        write(document);
        return true;
    }

    /**
     * Serialises whole-policy writers across replicas until the transaction ends: every writer reads the
     * policy after taking it, so no two writers build on the same state.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lockPolicy() {
        em.createNativeQuery("select pg_advisory_xact_lock(" + POLICY_WRITE_LOCK + ")").getSingleResult();
    }

    /**
     * Makes the stored policy equal to a document within the caller's transaction, which must hold the
     * policy lock ({@link #lockPolicy()}) and have read the policy after taking it.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void write(PolicyDocument document) {
        writeSettings(document.settings());

        Map<String, GatewayRoleEntity> roles = new HashMap<>();
        GatewayRoleEntity.<GatewayRoleEntity>list("builtin = false").forEach(r -> roles.put(r.name, r));
        for (PolicyDocument.RoleSpec spec : document.roles()) {
            GatewayRoleEntity role = roles.remove(spec.name());
            if (role == null) {
                role = new GatewayRoleEntity();
                role.name = spec.name();
                role.persist();
            }
            role.description = spec.description();
        }
        em.flush(); // new roles exist before mappings and permissions refer to them

        Set<List<String>> wantedMappings = new LinkedHashSet<>();
        document.mappings().forEach(m -> wantedMappings.add(List.of(m.idpValue(), m.gatewayRole())));
        syncPairs(RoleMappingEntity.<RoleMappingEntity>listAll(), wantedMappings, row -> List.of(row.idpValue, row.gatewayRole), pair -> {
            RoleMappingEntity row = new RoleMappingEntity();
            row.idpValue = pair.get(0);
            row.gatewayRole = pair.get(1);
            return row;
        });
        Set<List<String>> wantedPermissions = new LinkedHashSet<>();
        document.permissions().forEach(p -> p.models().forEach(pattern -> wantedPermissions.add(List.of(p.role(), pattern))));
        syncPairs(RolePermissionEntity.<RolePermissionEntity>listAll(), wantedPermissions, row -> List.of(row.gatewayRole, row.modelPattern),
                pair -> {
                    RolePermissionEntity row = new RolePermissionEntity();
                    row.gatewayRole = pair.get(0);
                    row.modelPattern = pair.get(1);
                    return row;
                });

        Map<String, UpstreamCredentialEntity> credentials = new HashMap<>();
        UpstreamCredentialEntity.<UpstreamCredentialEntity>listAll().forEach(c -> credentials.put(c.name, c));
        Map<String, UpstreamCredentialEntity> unusedCredentials = new HashMap<>(credentials);
        for (UpstreamCredential credential : document.credentials()) {
            UpstreamCredentialEntity existing = unusedCredentials.remove(credential.name());
            if (existing != null && CredentialRows.toCredential(existing).equals(credential)) {
                continue;
            }
            UpstreamCredentialEntity row = CredentialRows.toRow(credential);
            if (existing != null) {
                CredentialRows.copy(row, existing);
            } else {
                row.persist();
                credentials.put(credential.name(), row);
            }
        }

        Map<String, ModelEntity> models = new HashMap<>();
        em.createQuery("select distinct m from ModelEntity m left join fetch m.deployments", ModelEntity.class)
                .getResultList().forEach(m -> models.put(m.name, m));
        for (ModelSpec spec : document.models()) {
            ModelEntity model = models.remove(spec.name());
            boolean isNew = model == null;
            boolean sameDeployments = !isNew && model.deployments.stream().map(PolicyRows::toSpec).toList().equals(spec.deployments());
            if (isNew) {
                model = new ModelEntity();
                model.name = spec.name();
            } else if (sameDeployments && Objects.equals(model.description, spec.description()) && List.of(model.tags).equals(spec.tags())) {
                continue;
            }
            model.description = spec.description();
            model.tags = spec.tags().toArray(String[]::new);
            model.updatedAt = Instant.now();
            if (!isNew && !sameDeployments) {
                model.deployments.clear();
                em.flush(); // the old positions are free before the new deployments take them
            }
            if (!sameDeployments) {
                int position = 0;
                for (DeploymentSpec d : spec.deployments()) {
                    model.deployments.add(PolicyRows.toEntity(model, position++, d,
                            d.credentialName() == null ? null : credentials.get(d.credentialName())));
                }
            }
            if (isNew) {
                model.persist();
            }
        }
        models.values().forEach(ModelEntity::delete);
        em.flush(); // no deployment refers to a credential that is about to go
        unusedCredentials.values().forEach(UpstreamCredentialEntity::delete);
        roles.values().forEach(GatewayRoleEntity::delete);
        em.flush();
    }

    /** Rows identified by a pair of values: deletes those not wanted, inserts the wanted ones missing. */
    private static <E extends PanacheEntityBase> void syncPairs(List<E> rows, Set<List<String>> wanted, Function<E, List<String>> pairOf,
            Function<List<String>, E> create) {
        Set<List<String>> missing = new LinkedHashSet<>(wanted);
        for (E row : rows) {
            if (!missing.remove(pairOf.apply(row))) {
                row.delete();
            }
        }
        missing.forEach(pair -> create.apply(pair).persist());
    }

    private static void writeSettings(PolicyDocument.Settings settings) {
        AccessSettingsEntity row = AccessSettingsEntity.findById(AccessSettingsEntity.SINGLETON_ID);
        boolean isNew = row == null;
        if (isNew) {
            row = new AccessSettingsEntity();
        } else if (List.of(row.roleClaimPaths).equals(settings.roleClaimPaths())
                && List.of(row.userAllowedRoles).equals(settings.userAllowedRoles()) && row.enforceRbac == settings.enforceRbac()) {
            return;
        }
        row.roleClaimPaths = settings.roleClaimPaths().toArray(String[]::new);
        row.userAllowedRoles = settings.userAllowedRoles().toArray(String[]::new);
        row.enforceRbac = settings.enforceRbac();
        if (isNew) {
            row.persist();
        }
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** A timestamp column as the JDBC driver returns it, as an Instant. */
    public static Instant toInstant(Object value) {
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
