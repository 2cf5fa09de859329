package io.modelgate.mcp;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelgate.identity.TrustedIssuers;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Singleton;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The MCP endpoints as OAuth protected resources (RFC 9728, as the MCP authorization spec asks): the metadata at
 * {@code /.well-known/oauth-protected-resource/mcp/<server>} names the endpoint exactly and the IdPs whose tokens it
 * accepts (the trusted issuers); a 401 points to it, so a client that has no token learns where to get one.
 */
@Singleton
class ProtectedResource {

    static final String WELL_KNOWN = "/.well-known/oauth-protected-resource";

    private final TrustedIssuers issuers;

    ProtectedResource(TrustedIssuers issuers) {
        this.issuers = issuers;
    }

    /** The {@code WWW-Authenticate} of a 401 on {@code request}'s endpoint. */
    String challenge(HttpServerRequest request) {
        return "Bearer resource_metadata=\"" + origin(request) + WELL_KNOWN + request.path() + "\"";
    }

    /** The metadata of the endpoint at {@code resourcePath} ({@code /mcp/wiki}), as reached through {@code request}. */
    byte[] metadata(HttpServerRequest request, String resourcePath) {
        ObjectNode metadata = JsonNodeFactory.instance.objectNode().put("resource", origin(request) + resourcePath);
        ArrayNode servers = metadata.putArray("authorization_servers");
        Set<String> urls = new LinkedHashSet<>();
        issuers.tenants().forEach(tenant -> urls.add(tenant.issuer().orElse(tenant.authServerUrl())));
        urls.forEach(servers::add);
        metadata.putArray("bearer_methods_supported").add("header");
        metadata.put("resource_name", "Modelgate MCP gateway");
        return metadata.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Scheme, host and port as the caller reached the gateway (behind a proxy: as it forwarded them, when configured to trust it). */
    private static String origin(HttpServerRequest request) {
        URI uri = URI.create(request.absoluteURI());
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }
}
