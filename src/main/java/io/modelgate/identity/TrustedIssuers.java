package io.modelgate.identity;

import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The {@code quarkus.oidc} tenants whose tokens Modelgate accepts, as configured (deployment configuration, not
 * policy): the default tenant and every named one, each enabled unless it says otherwise. No secret is read.
 */
@Singleton
public class TrustedIssuers {

    private static final String OIDC = "quarkus.oidc.";

    /** One tenant: its name, the IdP's URL (where discovery starts), and what its tokens are checked for. */
    public record Tenant(String name, String authServerUrl, Optional<String> issuer, Optional<String> jwksPath,
            Optional<String> applicationType, Optional<List<String>> audience) {
    }

    private final Config config;

    TrustedIssuers(Config config) {
        this.config = config;
    }

    /** The enabled tenants with an {@code auth-server-url}, the default first, then the named ones by name. */
    public List<Tenant> tenants() {
        List<Tenant> tenants = new ArrayList<>();
        if (config.getOptionalValue(OIDC + "tenant-enabled", Boolean.class).orElse(true)) {
            tenant("default", OIDC).ifPresent(tenants::add);
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
                .forEach(t -> tenant(t, OIDC + t + ".").ifPresent(tenants::add));
        return tenants;
    }

    private Optional<Tenant> tenant(String name, String prefix) {
        return config.getOptionalValue(prefix + "auth-server-url", String.class).map(url -> new Tenant(name, url,
                config.getOptionalValue(prefix + "token.issuer", String.class),
                config.getOptionalValue(prefix + "jwks-path", String.class),
                config.getOptionalValue(prefix + "application-type", String.class),
                config.getOptionalValues(prefix + "token.audience", String.class)));
    }
}
