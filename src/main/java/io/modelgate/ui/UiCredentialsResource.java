package io.modelgate.ui;

import io.modelgate.catalog.LiteLlmConfigWriter;
import io.modelgate.control.PolicyService;
import io.modelgate.upstream.credential.UpstreamCredential;
import io.modelgate.upstream.credential.UpstreamTokens;
import io.quarkus.oidc.Tenant;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Upstream credentials as operators see them: kind, where each secret lives (a reference, or "sealed"),
 * and a "test" button that obtains a token and shows when it expires — never the token or a secret.
 */
@Path("/admin/credentials")
@Tenant("ui")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class UiCredentialsResource {

    /** A credential's line on the page. */
    public record Row(String name, String type, List<String> details, String secrets) {
    }

    private final SecurityIdentity identity;
    private final UiGate gate;
    private final PolicyService service;
    private final UpstreamTokens tokens;
    private final Template page;

    UiCredentialsResource(SecurityIdentity identity, UiGate gate, PolicyService service, UpstreamTokens tokens,
            @Location("admin/credentials.html") Template page) {
        this.identity = identity;
        this.gate = gate;
        this.service = service;
        this.tokens = tokens;
        this.page = page;
    }

    @GET
    public Response list() {
        return gate.admit(identity, operator -> render(operator, 200, null, null, null));
    }

    @POST
    @Path("test")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response test(@FormParam("name") String name) {
        return gate.admit(identity, operator -> {
            Optional<UpstreamCredential> credential = service.current().credentials().stream().filter(c -> c.name().equals(name)).findFirst();
            if (credential.isEmpty()) {
                return render(operator, 404, name, null, "There is no credential '" + name + "'.");
            }
            try {
                UpstreamTokens.Probe probe = tokens.probe(credential.get()).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
                if (!probe.ok()) {
                    return render(operator, 200, name, null, probe.message());
                }
                String expiry = probe.expiresAt().map(at -> " It expires at " + at + " (in "
                        + Duration.between(Instant.now(), at).toSeconds() + " s).").orElse("");
                return render(operator, 200, name, probe.message() + expiry, null);
            } catch (ExecutionException | TimeoutException e) {
                return render(operator, 200, name, null, "The test did not complete: " + e.getClass().getSimpleName() + ".");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Response.status(503).build();
            }
        });
    }

    private Response render(UiOperator operator, int status, String tested, String notice, String error) {
        List<Row> rows = service.current().credentials().stream().map(UiCredentialsResource::row).toList();
        return Response.status(status).entity(UiGate.page(page, operator, "credentials").data("rows", rows)
                .data("tested", tested).data("notice", notice).data("error", error)).build();
    }

    /** The credential's settings without its secrets, which are described by where they live. */
    private static Row row(UpstreamCredential credential) {
        var values = LiteLlmConfigWriter.credential(credential).path("credential_values");
        List<String> details = new ArrayList<>();
        StringBuilder secrets = new StringBuilder();
        values.fields().forEachRemaining(field -> {
            String key = field.getKey();
            String value = field.getValue().isContainerNode() ? field.getValue().toString() : field.getValue().asText();
            if (key.equals("type")) {
                return;
            }
            if (key.equals("api_key") || key.equals("client_secret")) {
                secrets.append(key).append(": ").append(value.startsWith("modelgate/sealed:") ? "set (sealed)" : "set (" + value + ")").append(' ');
            } else {
                details.add(key + ": " + value);
            }
        });
        return new Row(credential.name(), credential.source().type(), details, secrets.length() == 0 ? "none" : secrets.toString().trim());
    }
}
