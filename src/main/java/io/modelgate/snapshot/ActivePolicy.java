package io.modelgate.snapshot;

import io.modelgate.access.AccessPolicy;
import io.modelgate.identity.AccessPolicySource;
import io.modelgate.store.PolicyStore;
import io.modelgate.policy.UpstreamKind;
import io.modelgate.upstream.HttpUpstream;
import io.modelgate.upstream.UpstreamConfig;
import io.modelgate.upstream.UpstreamTransport;
import io.modelgate.upstream.mock.MockUpstream;
import io.modelgate.upstream.credential.UpstreamTokens;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Holds the policy snapshot the data plane serves from. The hot path calls {@link #snapshot()}, a single
 * volatile read; a reload reads the stored policy, compiles a complete new snapshot off the hot path and swaps
 * it in.
 */
@Singleton
public class ActivePolicy implements AccessPolicySource {

    private static final Logger LOG = Logger.getLogger(ActivePolicy.class);

    private final AtomicReference<PolicySnapshot> current = new AtomicReference<>();
    private final PolicyStore store;
    private final UpstreamTokens tokens;
    private final PolicyCompiler.UpstreamDefaults defaults;
    private final Map<UpstreamKind, UpstreamTransport> transports;

    ActivePolicy(PolicyStore store, UpstreamTokens tokens, UpstreamConfig upstream, HttpUpstream http, MockUpstream mock) {
        this.store = store;
        this.tokens = tokens;
        this.transports = new EnumMap<>(UpstreamKind.class);
        for (UpstreamKind kind : UpstreamKind.values()) {
            transports.put(kind, kind == UpstreamKind.MOCK ? mock : http);
        }
        this.defaults = new PolicyCompiler.UpstreamDefaults(upstream.defaultBaseUrl(), upstream.azureApiVersion(),
                upstream.anthropicBaseUrl(), upstream.anthropicVersion(), upstream.connectTimeout(), upstream.readTimeout());
    }

    /** The snapshot in force; throws if none has been loaded yet (readiness is down until then). */
    public PolicySnapshot snapshot() {
        PolicySnapshot snapshot = current.get();
        if (snapshot == null) {
            throw new IllegalStateException("no policy snapshot loaded yet");
        }
        return snapshot;
    }

    public boolean isLoaded() {
        return current.get() != null;
    }

    @Override
    public Optional<AccessPolicy> accessPolicy() {
        PolicySnapshot snapshot = current.get();
        return snapshot == null ? Optional.empty() : Optional.of(snapshot.access());
    }

    /**
     * Makes sure the snapshot holds at least the given policy version, which this replica has just committed. A
     * reload that fails here (the database gone right after the commit) is left to the version checks.
     */
    public void catchUp(long version) {
        PolicySnapshot snapshot = current.get();
        if (snapshot != null && snapshot.version() >= version) {
            return;
        }
        try {
            reload();
        } catch (RuntimeException e) {
            LOG.warnf("Policy version %d committed but not yet served here (%s); the version checks will load it",
                    version, e.getMessage());
        }
    }

    /** Reads the policy from the database and makes it the active snapshot. Blocking: never on the event loop. */
    public PolicySnapshot reload() {
        PolicySnapshot fresh = PolicyCompiler.compile(store.read(), defaults, transports::get, Instant.now());
        PolicySnapshot previous = current.getAndAccumulate(fresh,
                (old, candidate) -> old != null && old.version() > candidate.version() ? old : candidate);
        if (previous == null || previous.version() != fresh.version()) {
            tokens.retainOnly(current.get().credentials());
            LOG.infof("Policy version %d active: %d models, %d gateway roles", fresh.version(),
                    fresh.access().models().size(), fresh.access().gatewayRoleNames().size());
        }
        return current.get();
    }
}
