package io.modelgate.ui;

import io.modelgate.access.BuiltInRoles;
import io.modelgate.control.PolicyService;
import io.modelgate.policy.Credential;
import io.modelgate.policy.PolicyKind;
import io.modelgate.upstream.credential.UpstreamCredential;
import io.modelgate.upstream.credential.UpstreamTokens;
import io.quarkus.oidc.Tenant;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The credential list's "test" button: obtains a token with a stored credential and shows, above the list, when it
 * expires and how it was obtained — never the token or a secret. The one page of a kind beyond
 * {@link UiObjectsResource}'s.
 */
@Path("/admin")
@Tenant("ui")
@RolesAllowed(BuiltInRoles.PROXY_ADMIN)
@Produces(MediaType.TEXT_HTML)
public class UiCredentialTestResource {

    private static final CredentialPages PAGES = new CredentialPages();

    private final SecurityIdentity identity;
    private final PolicyService service;
    private final UpstreamTokens tokens;

    UiCredentialTestResource(SecurityIdentity identity, PolicyService service, UpstreamTokens tokens) {
        this.identity = identity;
        this.service = service;
        this.tokens = tokens;
    }

    @POST
    @Path("credentials/test")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response test(@FormParam("name") String name) {
        String tested = name == null ? "" : name;
        Optional<Credential> credential = PolicyKind.CREDENTIALS.find(service.current(), tested);
        if (credential.isEmpty()) {
            return page(404, new CredentialPages.Tested(tested, "There is no credential '" + tested + "'.", false));
        }
        try {
            UpstreamTokens.Probe probe = tokens.probe(new UpstreamCredential(tested, credential.get().credentialValues()))
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            String expiry = probe.expiresAt().filter(at -> probe.ok())
                    .map(at -> " It expires at " + at + " (in " + Duration.between(Instant.now(), at).toSeconds() + " s).").orElse("");
            return page(200, new CredentialPages.Tested(tested, probe.message() + expiry, probe.ok()));
        } catch (ExecutionException | TimeoutException e) {
            return page(200, new CredentialPages.Tested(tested,
                    "The test did not complete: " + e.getClass().getSimpleName() + ".", false));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Response.status(503).build();
        }
    }

    private Response page(int status, CredentialPages.Tested tested) {
        return Response.status(status)
                .entity(PAGES.list(Operator.of(identity), new ListPage(PAGES.names(), null, null), service.current(), tested)).build();
    }
}
