package io.modelgate.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.modelgate.identity.LiteLlmJwtConfig;
import io.modelgate.identity.TrustedIssuers;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.ArrayList;
import java.util.List;

/**
 * The identity providers whose tokens Modelgate accepts, read-only: they are deployment configuration
 * ({@code quarkus.oidc.*} tenants and LiteLLM's {@code JWT_PUBLIC_KEY_URL}), not policy. No secret is
 * shown: only URLs, issuers and audiences.
 */
@Path(AdminAccess.PATH + "/issuers")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Trusted issuers")
public class IssuersResource {

    public record IssuerList(String object, List<Issuer> data) {
    }

    /** A trusted issuer: a {@code quarkus.oidc} tenant, or one of LiteLLM's {@code JWT_PUBLIC_KEY_URL}s. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Issuer(String name, String source, String authServerUrl, String jwksUrl, String issuer, String jwks,
            String applicationType, List<String> audience) {
    }

    private final TrustedIssuers issuers;
    private final LiteLlmJwtConfig liteLlm;

    IssuersResource(TrustedIssuers issuers, LiteLlmJwtConfig liteLlm) {
        this.issuers = issuers;
        this.liteLlm = liteLlm;
    }

    @GET
    @Operation(summary = "The trusted token issuers (configuration, read-only)")
    public IssuerList list() {
        List<Issuer> data = new ArrayList<>();
        for (TrustedIssuers.Tenant tenant : issuers.tenants()) {
            data.add(new Issuer(tenant.name(), "quarkus.oidc", tenant.authServerUrl(), null, tenant.issuer().orElse("(from discovery)"),
                    tenant.jwksPath().orElse("(from discovery)"), tenant.applicationType().orElse("service"), tenant.audience().orElse(null)));
        }
        liteLlm.publicKeyUrl().ifPresent(urls -> urls.forEach(url -> data.add(new Issuer("litellm-jwks", "JWT_PUBLIC_KEY_URL", null, url,
                liteLlm.issuer().orElse(null), null, null, liteLlm.audience().orElse(null)))));
        return new IssuerList("list", data);
    }
}
