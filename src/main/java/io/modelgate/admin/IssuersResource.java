package io.modelgate.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.modelgate.identity.LiteLlmJwtConfig;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The identity providers whose tokens Modelgate accepts, read-only: they are deployment configuration
 * ({@code quarkus.oidc.*} tenants and LiteLLM's {@code JWT_PUBLIC_KEY_URL}), not policy. No secret is
 * shown: only URLs, issuers and audiences.
 */
@Path(AdminAccess.PATH + "/issuers")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Trusted issuers")
public class IssuersResource {

    private static final String OIDC = "quarkus.oidc.";

    public record IssuerList(String object, List<Issuer> data) {
    }

    /** A trusted issuer: a {@code quarkus.oidc} tenant, or one of LiteLLM's {@code JWT_PUBLIC_KEY_URL}s. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Issuer(String name, String source, String authServerUrl, String jwksUrl, String issuer, String jwks,
            String applicationType, List<String> audience) {
    }

    private final Config config;
    private final LiteLlmJwtConfig liteLlm;

    IssuersResource(Config config, LiteLlmJwtConfig liteLlm) {
        this.config = config;
        this.liteLlm = liteLlm;
    }

    @GET
    @Operation(summary = "The trusted token issuers (configuration, read-only)")
    public IssuerList list() {
        List<Issuer> data = new ArrayList<>();
        if (config.getOptionalValue(OIDC + "tenant-enabled", Boolean.class).orElse(true)) {
            tenant(data, "default", OIDC);
        }
        TreeSet<String> named = new TreeSet<>();
        for (String property : config.getPropertyNames()) {
            if (property.startsWith(OIDC) && property.endsWith(".auth-server-url")
                    && property.length() > OIDC.length() + ".auth-server-url".length()) { // not the default's own
                String tenant = property.substring(OIDC.length(), property.length() - ".auth-server-url".length());
                if (!tenant.isEmpty() && !tenant.contains(".")) {
                    named.add(tenant);
                }
            }
        }
        named.stream().filter(t -> config.getOptionalValue(OIDC + t + ".tenant-enabled", Boolean.class).orElse(true))
                .forEach(t -> tenant(data, t, OIDC + t + "."));
        liteLlm.publicKeyUrl().ifPresent(urls -> urls.forEach(url -> data.add(new Issuer("litellm-jwks", "JWT_PUBLIC_KEY_URL", null, url,
                liteLlm.issuer().orElse(null), null, null, liteLlm.audience().orElse(null)))));
        return new IssuerList("list", data);
    }

    private void tenant(List<Issuer> data, String name, String prefix) {
        Optional<String> url = config.getOptionalValue(prefix + "auth-server-url", String.class);
        if (url.isEmpty()) {
            return;
        }
        data.add(new Issuer(name, "quarkus.oidc", url.get(), null,
                config.getOptionalValue(prefix + "token.issuer", String.class).orElse("(from discovery)"),
                config.getOptionalValue(prefix + "jwks-path", String.class).orElse("(from discovery)"),
                config.getOptionalValue(prefix + "application-type", String.class).orElse("service"),
                config.getOptionalValues(prefix + "token.audience", String.class).orElse(null)));
    }
}
