package io.modelgate.ui;

import io.modelgate.catalog.PolicyDocument;
import io.modelgate.control.ObjectViews;
import io.modelgate.control.PolicyCollection;
import io.modelgate.control.PolicyService;
import io.modelgate.upstream.UpstreamKind;
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
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class UiModelsResource {

    /** An upstream kind as the form offers it. */
    public record Provider(String value, String label) {
    }

    private static final List<Provider> PROVIDERS = Arrays.stream(UpstreamKind.values()).map(kind -> new Provider(kind.prefix(),
            switch (kind) {
                case OPENAI -> "OpenAI-compatible (openai/)";
                case AZURE -> "Azure OpenAI (azure/)";
                case MOCK -> "Built-in mock (mock/)";
            })).toList();

    private final SecurityIdentity identity;
    private final UiGate gate;
    private final PolicyService service;
    private final ObjectForms forms;
    private final Template list;
    private final Template form;
    private final Template confirmDelete;

    UiModelsResource(SecurityIdentity identity, UiGate gate, PolicyService service, ObjectForms forms,
            @Location("admin/models.html") Template list, @Location("admin/model-form.html") Template form,
            @Location("admin/confirm-delete.html") Template confirmDelete) {
        this.identity = identity;
        this.gate = gate;
        this.service = service;
        this.forms = forms;
        this.list = list;
        this.form = form;
        this.confirmDelete = confirmDelete;
    }

    @GET
    public Response models(@QueryParam("done") String done, @QueryParam("name") String name) {
        return gate.admit(identity, operator -> listPage(operator, 200, ObjectForms.notice("Model", done, name), null));
    }

    @GET
    @Path("new")
    public Response newModel() {
        return gate.admit(identity, operator -> renderForm(operator, true, ModelForm.empty(), "", FormResult.shown()));
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
        return gate.admit(identity, operator -> forms.stored(PolicyCollection.MODELS, name)
                .map(model -> renderForm(operator, false, ModelForm.of(model), ObjectViews.etag(model), FormResult.shown()))
                .orElseGet(() -> missing(operator, name)));
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
        return gate.admit(identity, operator -> forms.stored(PolicyCollection.MODELS, name)
                .map(model -> deletePage(operator, name, ObjectViews.etag(model), FormResult.shown()))
                .orElseGet(() -> missing(operator, name)));
    }

    @POST
    @Path("delete")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response delete(@FormParam("name") String name, @FormParam("etag") String etag) {
        return gate.admit(identity, operator -> {
            FormResult result = forms.delete(operator, PolicyCollection.MODELS, name, etag);
            return result.saved() ? ObjectForms.backTo("/admin/models", "deleted", name) : deletePage(operator, name, etag, result);
        });
    }

    private Response save(UiOperator operator, boolean creating, MultivaluedMap<String, String> submitted) {
        String etag = submitted.getFirst("etag");
        String name = Optional.ofNullable(submitted.getFirst("model_name")).map(String::trim).orElse("");
        ModelForm model = ModelForm.submitted(submitted, creating ? Optional.empty() : forms.stored(PolicyCollection.MODELS, name));
        if (submitted.getFirst("more") != null) { // "add another deployment": nothing is saved yet
            return renderForm(operator, creating, model.withSpareRow(), etag, FormResult.shown());
        }
        List<Integer> rowOf = new ArrayList<>();
        FormResult result = forms.save(operator, PolicyCollection.MODELS, name, creating, etag, stored -> {
            ModelForm.Body body = model.body(stored);
            rowOf.addAll(body.rowOfDeployment());
            return body.json();
        }, field -> ModelForm.fieldOf(field, rowOf));
        return result.saved() ? ObjectForms.backTo("/admin/models", creating ? "created" : "saved", name)
                : renderForm(operator, creating, model, etag, result);
    }

    private Response renderForm(UiOperator operator, boolean creating, ModelForm model, String etag, FormResult result) {
        PolicyDocument document = service.current();
        return Response.status(result.status()).entity(UiGate.page(form, operator, "models")
                .data("creating", creating).data("action", creating ? "/admin/models/new" : "/admin/models/edit").data("model", model)
                .data("etag", etag == null ? "" : etag)
                .data("providers", PROVIDERS).data("credentials", document.credentials().stream().map(c -> c.name()).toList())
                .data("error", result.error()).data("fieldErrors", result.fieldErrors())).build();
    }

    private Response deletePage(UiOperator operator, String name, String etag, FormResult result) {
        List<String> roles = PermissionMatrix.of(service.current()).rolesFor(name);
        return Response.status(result.status()).entity(UiGate.page(confirmDelete, operator, "models")
                .data("what", "model").data("name", name).data("etag", etag == null ? "" : etag)
                .data("action", "/admin/models/delete").data("back", "/admin/models")
                .data("consequence", roles.isEmpty() ? "No role may use it now."
                        : "Callers of these roles lose access to it: " + String.join(", ", roles)
                                + ". Grants naming it exactly are removed; wildcard and tag rules stay.")
                .data("error", result.error())).build();
    }

    /** The model is gone (deleted meanwhile, or a stale link): the list, saying so. */
    private Response missing(UiOperator operator, String name) {
        return listPage(operator, 404, null, "There is no model '" + name + "' (any more).");
    }

    private Response listPage(UiOperator operator, int status, String notice, String error) {
        PolicyDocument document = service.current();
        return Response.status(status).entity(UiGate.page(list, operator, "models").data("models", document.models())
                .data("matrix", PermissionMatrix.of(document)).data("enforceRbac", document.settings().enforceRbac())
                .data("notice", notice).data("error", error)).build();
    }
}
