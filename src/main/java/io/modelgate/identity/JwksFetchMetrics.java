package io.modelgate.identity;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.Unremovable;
import io.quarkus.oidc.common.OidcEndpoint;
import io.quarkus.oidc.common.OidcRequestContextProperties;
import io.quarkus.oidc.common.OidcResponseFilter;
import io.quarkus.oidc.runtime.OidcUtils;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts Quarkus OIDC's fetches of trusted issuers' key sets ({@code modelgate.jwks.fetches}, by tenant and
 * outcome): at start-up, and again when a token names a key id not seen before (a rotated key). A rising
 * error count means callers with new keys are being refused.
 */
@ApplicationScoped
@Unremovable
@OidcEndpoint(OidcEndpoint.Type.JWKS)
public class JwksFetchMetrics implements OidcResponseFilter {

    private final MeterRegistry registry;
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

    JwksFetchMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The OIDC tenant a key-set fetch is for, as Quarkus names it ({@code Default} for the default tenant). */
    static String tenant(OidcRequestContextProperties properties) {
        return Optional.ofNullable(properties.get(OidcUtils.TENANT_ID_ATTRIBUTE)).map(Object::toString).orElse("Default");
    }

    /**
     * Counted here and read by a function counter at scrape time: the first fetches happen while the
     * application starts, before the Prometheus registry has joined the global one.
     */
    @Override
    public Uni<Void> filter(OidcResponseFilterContext response) {
        String tenant = tenant(response.requestProperties());
        String outcome = response.statusCode() == 200 ? "ok" : "error";
        counts.computeIfAbsent(tenant + '\u0000' + outcome, key -> {
            AtomicLong count = new AtomicLong();
            FunctionCounter.builder("modelgate.jwks.fetches", count, AtomicLong::get)
                    .description("Key set (JWKS) fetches from trusted issuers").tag("tenant", tenant).tag("outcome", outcome)
                    .register(registry);
            return count;
        }).incrementAndGet();
        return Uni.createFrom().voidItem();
    }
}
