package io.modelgate.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelgate.identity.LiteLlmJwtConfig;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

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

    private final Config config;
    private final LiteLlmJwtConfig liteLlm;

    IssuersResource(Config config, LiteLlmJwtConfig liteLlm) {
        this.config = config;
        this.liteLlm = liteLlm;
    }

    @GET
    @Operation(summary = "The trusted token issuers (configuration, read-only)")
    public ObjectNode list() {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("object", "list");
        ArrayNode data = body.putArray("data");
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
        liteLlm.publicKeyUrl().ifPresent(urls -> urls.forEach(url -> {
            ObjectNode issuer = data.addObject().put("name", "litellm-jwks").put("source", "JWT_PUBLIC_KEY_URL")
                    .put("jwks_url", url).put("issuer", liteLlm.issuer().orElse(null));
            liteLlm.audience().ifPresent(audiences -> audiences.forEach(issuer.putArray("audience")::add));
        }));
        return body;
    }

    private void tenant(ArrayNode data, String name, String prefix) {
        Optional<String> url = config.getOptionalValue(prefix + "auth-server-url", String.class);
        if (url.isEmpty()) {
            return;
        }
        ObjectNode issuer = data.addObject().put("name", name).put("source", "quarkus.oidc")
                .put("auth_server_url", url.get())
                .put("issuer", config.getOptionalValue(prefix + "token.issuer", String.class).orElse("(from discovery)"))
                .put("jwks", config.getOptionalValue(prefix + "jwks-path", String.class).orElse("(from discovery)"))
                .put("application_type", config.getOptionalValue(prefix + "application-type", String.class).orElse("service"));
        config.getOptionalValues(prefix + "token.audience", String.class)
                .ifPresent(audiences -> audiences.forEach(issuer.putArray("audience")::add));
    }
}
