package io.modelgate.identity;

import io.quarkus.oidc.OidcRequestContext;
import io.quarkus.oidc.OidcTenantConfig;
import io.quarkus.oidc.TenantConfigResolver;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Trusted issuers from LiteLLM's {@code JWT_PUBLIC_KEY_URL}: one OIDC tenant per JWKS URL, verified by
 * Quarkus OIDC like any other. A token is routed to the URL that publishes its {@code kid}; tokens no
 * such URL claims fall through to the issuers configured with {@code quarkus.oidc.*}.
 */
@ApplicationScoped
public class LiteLlmJwksTenants implements TenantConfigResolver {

    private final List<OidcTenantConfig> tenants;
    private final Optional<String> issuer;
    private final JwksKeyIds keyIds;

    LiteLlmJwksTenants(LiteLlmJwtConfig config, Vertx vertx,
            @ConfigProperty(name = "quarkus.oidc.token.lifespan-grace", defaultValue = "30") int lifespanGrace,
            @ConfigProperty(name = "quarkus.oidc.token.forced-jwk-refresh-interval", defaultValue = "30S") Duration refresh) {
        List<String> urls = config.publicKeyUrl().orElse(List.of()).stream().map(String::trim).filter(u -> !u.isEmpty()).toList();
        this.issuer = config.issuer().filter(i -> !i.isBlank());
        List<OidcTenantConfig> built = new ArrayList<>();
        for (int i = 0; i < urls.size(); i++) {
            URI jwks = URI.create(urls.get(i));
            built.add(OidcTenantConfig.builder()
                    .tenantId("litellm-jwks-" + i)
                    .authServerUrl(jwks.getScheme() + "://" + jwks.getAuthority())
                    .discoveryEnabled(false)
                    .jwksPath(jwks.toString())
                    .applicationType(io.quarkus.oidc.runtime.OidcTenantConfig.ApplicationType.SERVICE)
                    .token()
                    .issuer(issuer.orElse("any"))
                    .audience(config.audience().orElse(List.of("any")))
                    .lifespanGrace(lifespanGrace)
                    .forcedJwkRefreshInterval(refresh)
                    .allowJwtIntrospection(false)
                    .allowOpaqueTokenIntrospection(false)
                    .end()
                    .jwks().tryAll(true).end()
                    .build());
        }
        this.tenants = List.copyOf(built);
        this.keyIds = tenants.isEmpty() ? null : new JwksKeyIds(vertx, urls, refresh);
    }

    @Override
    public Uni<OidcTenantConfig> resolve(RoutingContext ctx, OidcRequestContext<OidcTenantConfig> requestContext) {
        if (tenants.isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        Optional<UnverifiedJwt> token = UnverifiedJwt.fromAuthorization(ctx.request().getHeader("Authorization"));
        if (token.isEmpty() || issuer.isPresent() && !issuer.get().equals(token.get().issuer())) {
            return Uni.createFrom().nullItem();
        }
        String kid = token.get().kid();
        if (kid == null) {
            // Without a kid only a single URL can be meant; Quarkus then tries its keys.
            return Uni.createFrom().item(tenants.size() == 1 ? tenants.get(0) : null);
        }
        Future<OidcTenantConfig> tenant = keyIds.urlIndexOf(kid).map(index -> index.map(tenants::get).orElse(null));
        return Uni.createFrom().completionStage(tenant.toCompletionStage());
    }
}
