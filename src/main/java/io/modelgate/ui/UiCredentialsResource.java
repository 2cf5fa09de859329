package io.modelgate.ui;

import io.modelgate.catalog.LiteLlmConfigWriter;
import io.modelgate.control.ObjectViews;
import io.modelgate.control.PolicyCollection;
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
 * Upstream credentials as operators see them: kind, where each secret lives (a reference, or "sealed"),
 * and a "test" button that obtains a token and shows when it expires — never the token or a secret.
 * One form creates or edits a credential; its secrets are write-only (see {@link SecretField}).
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
    private final ObjectForms forms;
    private final Template page;
    private final Template form;
    private final Template confirmDelete;

    UiCredentialsResource(SecurityIdentity identity, UiGate gate, PolicyService service, UpstreamTokens tokens, ObjectForms forms,
            @Location("admin/credentials.html") Template page, @Location("admin/credential-form.html") Template form,
            @Location("admin/confirm-delete.html") Template confirmDelete) {
        this.identity = identity;
        this.gate = gate;
        this.service = service;
        this.tokens = tokens;
        this.forms = forms;
        this.page = page;
        this.form = form;
        this.confirmDelete = confirmDelete;
    }

    @GET
    public Response list(@QueryParam("done") String done, @QueryParam("name") String name) {
        return gate.admit(identity, operator -> render(operator, 200, null, null, null, ObjectForms.notice("Credential", done, name)));
    }

    @GET
    @Path("new")
    public Response newCredential() {
        return gate.admit(identity, operator -> renderForm(operator, true, CredentialForm.empty(), "", FormResult.shown()));
    }

    @POST
    @Path("new")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(MultivaluedMap<String, String> submitted) {
        return gate.admit(identity, operator -> save(operator, true, submitted));
    }

    @GET
    @Path("edit")
    public Response edit(@QueryParam("name") String name) {
        return gate.admit(identity, operator -> forms.stored(PolicyCollection.CREDENTIALS, name)
                .map(c -> renderForm(operator, false, CredentialForm.of(c), ObjectViews.etag(c), FormResult.shown()))
                .orElseGet(() -> render(operator, 404, name, null, "There is no credential '" + name + "'.", null)));
    }

    @POST
    @Path("edit")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response update(MultivaluedMap<String, String> submitted) {
        return gate.admit(identity, operator -> save(operator, false, submitted));
    }

    @GET
    @Path("delete")
    public Response confirmDelete(@QueryParam("name") String name) {
        return gate.admit(identity, operator -> forms.stored(PolicyCollection.CREDENTIALS, name)
                .map(c -> deletePage(operator, name, ObjectViews.etag(c), FormResult.shown()))
                .orElseGet(() -> render(operator, 404, name, null, "There is no credential '" + name + "'.", null)));
    }

    @POST
    @Path("delete")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response delete(@FormParam("name") String name, @FormParam("etag") String etag) {
        return gate.admit(identity, operator -> {
            FormResult result = forms.delete(operator, PolicyCollection.CREDENTIALS, name, etag);
            return result.saved() ? ObjectForms.backTo("/admin/credentials", "deleted", name) : deletePage(operator, name, etag, result);
        });
    }

    private Response save(UiOperator operator, boolean creating, MultivaluedMap<String, String> submitted) {
        String etag = submitted.getFirst("etag");
        String name = Optional.ofNullable(submitted.getFirst("credential_name")).map(String::trim).orElse("");
        CredentialForm credential = CredentialForm.submitted(submitted,
                creating ? Optional.empty() : forms.stored(PolicyCollection.CREDENTIALS, name));
        FormResult result = forms.save(operator, PolicyCollection.CREDENTIALS, name, creating, etag, credential::body, CredentialForm::fieldOf);
        return result.saved() ? ObjectForms.backTo("/admin/credentials", creating ? "created" : "saved", name)
                : renderForm(operator, creating, credential, etag, result);
    }

    private Response renderForm(UiOperator operator, boolean creating, CredentialForm credential, String etag, FormResult result) {
        return Response.status(result.status()).entity(UiGate.page(form, operator, "credentials")
                .data("creating", creating).data("action", creating ? "/admin/credentials/new" : "/admin/credentials/edit")
                .data("credential", credential).data("etag", etag == null ? "" : etag)
                .data("types", List.of("api_key", "oauth2_client_credentials", "azure_ad", "custom")).data("fields", CredentialForm.FIELDS)
                .data("error", result.error()).data("fieldErrors", result.fieldErrors())).build();
    }

    private Response deletePage(UiOperator operator, String name, String etag, FormResult result) {
        List<String> users = service.current().models().stream()
                .filter(m -> m.deployments().stream().anyMatch(d -> name.equals(d.credentialName()))).map(m -> m.name()).toList();
        return Response.status(result.status()).entity(UiGate.page(confirmDelete, operator, "credentials")
                .data("what", "credential").data("name", name).data("etag", etag == null ? "" : etag)
                .data("action", "/admin/credentials/delete").data("back", "/admin/credentials")
                .data("consequence", users.isEmpty() ? "No model uses it."
                        : "Models using it: " + String.join(", ", users) + ". It cannot be deleted while they do; change their deployments first.")
                .data("error", result.error())).build();
    }

    @POST
    @Path("test")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response test(@FormParam("name") String name) {
        return gate.admit(identity, operator -> {
            Optional<UpstreamCredential> credential = service.current().credentials().stream().filter(c -> c.name().equals(name)).findFirst();
            if (credential.isEmpty()) {
                return render(operator, 404, name, null, "There is no credential '" + name + "'.", null);
            }
            try {
                UpstreamTokens.Probe probe = tokens.probe(credential.get()).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
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
        });
    }

    /** The list; {@code tested} names the credential a test result is for; {@code saved} says what the last save did. */
    private Response render(UiOperator operator, int status, String tested, String notice, String error, String saved) {
        List<Row> rows = service.current().credentials().stream().map(UiCredentialsResource::row).toList();
        return Response.status(status).entity(UiGate.page(page, operator, "credentials").data("rows", rows)
                .data("tested", tested).data("notice", notice).data("error", error).data("saved", saved)).build();
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
            if (CredentialForm.SECRETS.contains(key)) {
                secrets.append(key).append(": ").append(SecretField.describe(Optional.of(value))).append(' ');
            } else {
                details.add(key + ": " + value);
            }
        });
        return new Row(credential.name(), credential.source().type(), details, secrets.length() == 0 ? "none" : secrets.toString().trim());
    }
}
