package io.modelgate.ui;

import io.modelgate.access.BuiltInRoles;
import io.modelgate.control.PolicyService;
import io.modelgate.identity.Caller;
import io.modelgate.policy.Credential;
import io.modelgate.policy.PolicyDocument;
import io.modelgate.policy.PolicyKind;
import io.modelgate.policy.UpstreamKind;
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

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Models and their deployments: a list, and one form to create or edit a model with its deployments
 * (upstream kind, base URL, upstream model, credential, weight, write-only key, other parameters).
 * Deleting asks first, on a page of its own, so it works without JavaScript. Model names travel as query
 * parameters because they may contain slashes.
 */
@Path("/admin/models")
@Tenant("ui")
@RolesAllowed(BuiltInRoles.PROXY_ADMIN)
@Produces(MediaType.TEXT_HTML)
public class UiModelsResource {

    /** An upstream kind as the form offers it. */
    public record Provider(String value, String label) {
    }

    private static final List<Provider> PROVIDERS = Arrays.stream(UpstreamKind.values()).map(kind -> new Provider(kind.prefix(),
            switch (kind) {
                case OPENAI -> "OpenAI-compatible (openai/)";
                case AZURE -> "Azure OpenAI (azure/)";
                case ANTHROPIC -> "Anthropic Messages API (anthropic/)";
                case MOCK -> "Built-in mock (mock/)";
            })).toList();

    private final SecurityIdentity identity;
    private final PolicyService service;
    private final ObjectForms forms;

    UiModelsResource(SecurityIdentity identity, PolicyService service, ObjectForms forms) {
        this.identity = identity;
        this.service = service;
        this.forms = forms;
    }

    @GET
    public Response models(@QueryParam("done") String done, @QueryParam("name") String name) {
        return listPage(Operator.of(identity), 200, ObjectForms.notice("Model", done, name), null);
    }

    @GET
    @Path("new")
    public Response newModel() {
        return renderForm(Operator.of(identity), true, ModelForm.empty(), "", FormResult.shown());
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
        return forms.stored(PolicyKind.MODELS, name)
                .map(model -> renderForm(operator, false, ModelForm.of(model), ObjectForms.etag(model), FormResult.shown()))
                .orElseGet(() -> missing(operator, name));
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
        return forms.stored(PolicyKind.MODELS, name)
                .map(model -> deletePage(operator, name, ObjectForms.etag(model), FormResult.shown()))
                .orElseGet(() -> missing(operator, name));
    }

    @POST
    @Path("delete")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response delete(@FormParam("name") String name, @FormParam("etag") String etag) {
        Caller operator = Operator.of(identity);
        FormResult result = forms.delete(operator, PolicyKind.MODELS, name, etag);
        return result.saved() ? ObjectForms.backTo("/admin/models", "deleted", name) : deletePage(operator, name, etag, result);
    }

    private Response save(Caller operator, boolean creating, MultivaluedMap<String, String> submitted) {
        String etag = submitted.getFirst("etag");
        String name = Optional.ofNullable(submitted.getFirst("model_name")).map(String::trim).orElse("");
        ModelForm model = ModelForm.submitted(submitted, creating ? Optional.empty() : forms.stored(PolicyKind.MODELS, name));
        if (submitted.getFirst("more") != null) { // "add another deployment": nothing is saved yet
            return renderForm(operator, creating, model.withSpareRow(), etag, FormResult.shown());
        }
        List<Integer> rowOf = new ArrayList<>();
        FormResult result = forms.save(operator, PolicyKind.MODELS, name, creating, etag, stored -> {
            ModelForm.Body body = model.body(stored);
            rowOf.addAll(body.rowOfDeployment());
            return body.json();
        }, field -> ModelForm.fieldOf(field, rowOf));
        return result.saved() ? ObjectForms.backTo("/admin/models", creating ? "created" : "saved", name)
                : renderForm(operator, creating, model, etag, result);
    }

    private Response renderForm(Caller operator, boolean creating, ModelForm model, String etag, FormResult result) {
        PolicyDocument document = service.current();
        return Response.status(result.status()).entity(UiTemplates.modelForm(operator, "models", creating,
                creating ? "/admin/models/new" : "/admin/models/edit", model, etag == null ? "" : etag, PROVIDERS,
                document.credentials().stream().map(Credential::credentialName).toList(), result.error(), result.fieldErrors())).build();
    }

    private Response deletePage(Caller operator, String name, String etag, FormResult result) {
        List<String> roles = PermissionMatrix.of(service.current()).rolesFor(name);
        return Response.status(result.status()).entity(UiTemplates.confirmDelete(operator, "models", "model", name, etag == null ? "" : etag,
                "/admin/models/delete", "/admin/models", roles.isEmpty() ? "No role may use it now."
                        : "Callers of these roles lose access to it: " + String.join(", ", roles)
                                + ". Grants naming it exactly are removed; wildcard and tag rules stay.", result.error())).build();
    }

    /** The model is gone (deleted meanwhile, or a stale link): the list, saying so. */
    private Response missing(Caller operator, String name) {
        return listPage(operator, 404, null, "There is no model '" + name + "' (any more).");
    }

    private Response listPage(Caller operator, int status, String notice, String error) {
        PolicyDocument document = service.current();
        return Response.status(status).entity(UiTemplates.models(operator, "models", document.models(), PermissionMatrix.of(document),
                document.settings().enforceRbac(), notice, error)).build();
    }
}
