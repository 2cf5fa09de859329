package io.modelgate.ui;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelgate.access.BuiltInRoles;
import io.modelgate.control.PolicyService;
import io.modelgate.identity.Caller;
import io.modelgate.policy.Credential;
import io.modelgate.policy.Model;
import io.modelgate.policy.PolicyKind;
import io.modelgate.policy.binding.PolicyJson;
import io.modelgate.upstream.credential.UpstreamCredential;
import io.modelgate.upstream.credential.UpstreamTokens;
import io.quarkus.oidc.Tenant;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
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
 * Upstream credentials as operators see them: kind, where each secret lives (a reference, or "sealed"), and a
 * "test" button that obtains a token and shows when it expires and how it was obtained — never the token or a
 * secret. One form creates or edits a credential; its secrets are write-only (see {@link SecretField}).
 */
@Path("/admin/credentials")
@Tenant("ui")
@RolesAllowed(BuiltInRoles.PROXY_ADMIN)
@Produces(MediaType.TEXT_HTML)
public class UiCredentialsResource {

    /** A credential's line on the page. */
    public record Row(String name, String type, List<String> details, String secrets) {
    }

    private static final List<String> TYPES = List.of("api_key", "oauth2_client_credentials", "azure_ad", "custom");

    private final SecurityIdentity identity;
    private final PolicyService service;
    private final UpstreamTokens tokens;
    private final ObjectForms forms;

    UiCredentialsResource(SecurityIdentity identity, PolicyService service, UpstreamTokens tokens, ObjectForms forms) {
        this.identity = identity;
        this.service = service;
        this.tokens = tokens;
        this.forms = forms;
    }

    @GET
    public Response list(@QueryParam("done") String done, @QueryParam("name") String name) {
        return render(Operator.of(identity), 200, null, null, null, ObjectForms.notice("Credential", done, name));
    }

    @GET
    @Path("new")
    public Response newCredential() {
        return renderForm(Operator.of(identity), true, CredentialForm.empty(), "", FormResult.shown());
    }

    @POST
    @Path("new")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(MultivaluedMap<String, String> submitted) {
        return save(Operator.of(identity), true, submitted);
    }

    @GET
    @Path("edit")
    public Response edit(@QueryParam("name") String name) {
        Caller operator = Operator.of(identity);
        return forms.stored(PolicyKind.CREDENTIALS, name)
                .map(c -> renderForm(operator, false, CredentialForm.of(c), ObjectForms.etag(c), FormResult.shown()))
                .orElseGet(() -> render(operator, 404, name, null, "There is no credential '" + name + "'.", null));
    }

    @POST
    @Path("edit")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response update(MultivaluedMap<String, String> submitted) {
        return save(Operator.of(identity), false, submitted);
    }

    @GET
    @Path("delete")
    public Response confirmDelete(@QueryParam("name") String name) {
        Caller operator = Operator.of(identity);
        return forms.stored(PolicyKind.CREDENTIALS, name)
                .map(c -> deletePage(operator, name, ObjectForms.etag(c), FormResult.shown()))
                .orElseGet(() -> render(operator, 404, name, null, "There is no credential '" + name + "'.", null));
    }

    @POST
    @Path("delete")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response delete(@FormParam("name") String name, @FormParam("etag") String etag) {
        Caller operator = Operator.of(identity);
        FormResult result = forms.delete(operator, PolicyKind.CREDENTIALS, name, etag);
        return result.saved() ? ObjectForms.backTo("/admin/credentials", "deleted", name) : deletePage(operator, name, etag, result);
    }

    private Response save(Caller operator, boolean creating, MultivaluedMap<String, String> submitted) {
        String etag = submitted.getFirst("etag");
        String name = Optional.ofNullable(submitted.getFirst("credential_name")).map(String::trim).orElse("");
        CredentialForm credential = CredentialForm.submitted(submitted,
                creating ? Optional.empty() : forms.stored(PolicyKind.CREDENTIALS, name));
        FormResult result = forms.save(operator, PolicyKind.CREDENTIALS, name, creating, etag, credential::body, CredentialForm::fieldOf);
        return result.saved() ? ObjectForms.backTo("/admin/credentials", creating ? "created" : "saved", name)
                : renderForm(operator, creating, credential, etag, result);
    }

    private Response renderForm(Caller operator, boolean creating, CredentialForm credential, String etag, FormResult result) {
        return Response.status(result.status()).entity(UiTemplates.credentialForm(operator, "credentials", creating,
                creating ? "/admin/credentials/new" : "/admin/credentials/edit", credential, etag == null ? "" : etag, TYPES,
                CredentialForm.FIELDS, result.error(), result.fieldErrors())).build();
    }

    private Response deletePage(Caller operator, String name, String etag, FormResult result) {
        List<String> users = service.current().models().stream()
                .filter(m -> m.deployments().stream().anyMatch(d -> name.equals(d.litellmCredentialName()))).map(Model::modelName).toList();
        return Response.status(result.status()).entity(UiTemplates.confirmDelete(operator, "credentials", "credential", name,
                etag == null ? "" : etag, "/admin/credentials/delete", "/admin/credentials", users.isEmpty() ? "No model uses it."
                        : "Models using it: " + String.join(", ", users) + ". It cannot be deleted while they do; change their deployments first.",
                result.error())).build();
    }

    @POST
    @Path("test")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response test(@FormParam("name") String name) {
        Caller operator = Operator.of(identity);
        Optional<Credential> credential = PolicyKind.CREDENTIALS.find(service.current(), name == null ? "" : name);
        if (credential.isEmpty()) {
            return render(operator, 404, name, null, "There is no credential '" + name + "'.", null);
        }
        try {
            UpstreamTokens.Probe probe = tokens.probe(new UpstreamCredential(name, credential.get().credentialValues()))
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            if (!probe.ok()) {
                return render(operator, 200, name, null, probe.message(), null);
            }
            String expiry = probe.expiresAt().map(at -> " It expires at " + at + " (in "
                    + Duration.between(Instant.now(), at).toSeconds() + " s).").orElse("");
            return render(operator, 200, name, probe.message() + expiry, null, null);
        } catch (ExecutionException | TimeoutException e) {
            return render(operator, 200, name, null, "The test did not complete: " + e.getClass().getSimpleName() + ".", null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Response.status(503).build();
        }
    }

    /** The list; {@code tested} names the credential a test result is for; {@code saved} says what the last save did. */
    private Response render(Caller operator, int status, String tested, String notice, String error, String saved) {
        List<Row> rows = service.current().credentials().stream().map(UiCredentialsResource::row).toList();
        return Response.status(status).entity(UiTemplates.credentials(operator, "credentials", rows, tested, notice, error, saved)).build();
    }

    /** The credential's settings without its secrets, which are described by where they live. */
    private static Row row(Credential credential) {
        JsonNode values = PolicyJson.tree(credential).path("credential_values");
        List<String> details = new ArrayList<>();
        StringBuilder secrets = new StringBuilder();
        values.fields().forEachRemaining(field -> {
            String key = field.getKey();
            String value = field.getValue().isContainerNode() ? field.getValue().toString() : field.getValue().asText();
            if (key.equals("type")) {
                return;
            }
            if (CredentialForm.SECRETS.contains(key)) {
                secrets.append(key).append(": ").append(SecretField.describe(Optional.of(value))).append(' ');
            } else {
                details.add(key + ": " + value);
            }
        });
        return new Row(credential.credentialName(), credential.credentialValues().type(), details,
                secrets.length() == 0 ? "none" : secrets.toString().trim());
    }
}
