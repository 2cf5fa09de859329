package io.modelgate.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelgate.catalog.PolicyDocument;
import io.modelgate.control.ObjectViews;
import io.modelgate.control.PolicyCollection;
import io.modelgate.control.PolicyObject;
import io.modelgate.control.PolicyService;
import io.modelgate.control.PolicyService.Action;
import io.modelgate.control.PolicyService.Change;
import io.modelgate.upstream.SecretBox;
import io.modelgate.upstream.UpstreamKind;
import io.quarkus.oidc.Tenant;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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
    private final SecretBox secrets;
    private final Template list;
    private final Template form;
    private final Template confirmDelete;

    UiModelsResource(SecurityIdentity identity, UiGate gate, PolicyService service, SecretBox secrets,
            @Location("admin/models.html") Template list, @Location("admin/model-form.html") Template form,
            @Location("admin/confirm-delete.html") Template confirmDelete) {
        this.identity = identity;
        this.gate = gate;
        this.service = service;
        this.secrets = secrets;
        this.list = list;
        this.form = form;
        this.confirmDelete = confirmDelete;
    }

    @GET
    public Response models(@QueryParam("notice") String notice) {
        return gate.admit(identity, operator -> {
            PolicyDocument document = service.current();
            return Response.ok(UiGate.page(list, operator, "models").data("models", document.models())
                    .data("matrix", PermissionMatrix.of(document)).data("enforceRbac", document.settings().enforceRbac())
                    .data("notice", notice == null ? null : noticeText(notice))).build();
        });
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
        return gate.admit(identity, operator -> stored(name)
                .map(model -> renderForm(operator, false, ModelForm.of(model), ObjectViews.etag(model), FormResult.shown()))
                .orElseGet(() -> notFound(name)));
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
        return gate.admit(identity, operator -> stored(name)
                .map(model -> deletePage(operator, name, ObjectViews.etag(model), FormResult.shown()))
                .orElseGet(() -> notFound(name)));
    }

    @POST
    @Path("delete")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response delete(MultivaluedMap<String, String> submitted) {
        return gate.admit(identity, operator -> {
            String name = Optional.ofNullable(ModelForm.first(submitted, "name")).orElse("");
            String etag = ModelForm.first(submitted, "etag");
            FormResult result = FormResult.apply(service, operator.actor(), () -> new Change(PolicyObject.MODEL, name, Action.DELETE,
                    Optional.ofNullable(etag), PolicyCollection.MODELS.remove(name)), "deleted", field -> Optional.empty());
            return result.saved() ? backToList("deleted:" + name) : deletePage(operator, name, etag, result);
        });
    }

    private Response save(UiOperator operator, boolean creating, MultivaluedMap<String, String> submitted) {
        String etag = ModelForm.first(submitted, "etag");
        Optional<JsonNode> before = creating ? Optional.empty() : stored(ModelForm.first(submitted, "model_name"));
        ModelForm model = ModelForm.submitted(submitted, before);
        if (ModelForm.first(submitted, "more") != null) { // "add another deployment": nothing is saved yet
            return renderForm(operator, creating, model.withSpareRow(), etag, FormResult.shown());
        }
        List<Integer> rowOf = new ArrayList<>();
        FormResult result;
        try {
            result = FormResult.apply(service, operator.actor(), () -> new Change(PolicyObject.MODEL, model.name(),
                    creating ? Action.CREATE : Action.UPDATE, Optional.ofNullable(etag).filter(e -> !e.isEmpty()), doc -> {
                        // the body is built from the model as it is under the policy lock (kept keys)
                        ModelForm.Body body = model.body(ObjectViews.find(doc, PolicyObject.MODEL, model.name()).map(JsonNode.class::cast));
                        rowOf.addAll(body.rowOfDeployment());
                        return PolicyCollection.MODELS.put(body.json(), model.name(), secrets).apply(doc);
                    }), creating ? "created" : "saved", field -> ModelForm.fieldOf(field, rowOf));
        } catch (FormProblems problems) {
            result = FormResult.refused(problems.fields());
        }
        return result.saved() ? backToList((creating ? "created:" : "saved:") + model.name())
                : renderForm(operator, creating, model, etag, result);
    }

    private Optional<JsonNode> stored(String name) {
        return name == null ? Optional.empty() : ObjectViews.find(service.current(), PolicyObject.MODEL, name).map(ObjectNode.class::cast);
    }

    private Response renderForm(UiOperator operator, boolean creating, ModelForm model, String etag, FormResult result) {
        PolicyDocument document = service.current();
        return Response.status(result.status()).entity(UiGate.page(form, operator, "models")
                .data("creating", creating).data("action", creating ? "/admin/models/new" : "/admin/models/edit").data("model", model).data("etag", etag == null ? "" : etag)
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

    private Response notFound(String name) {
        return backToList("missing:" + (name == null ? "" : name));
    }

    /** After a change the browser goes back to the list (post/redirect/get), which says what happened. */
    private static Response backToList(String notice) {
        return Response.seeOther(URI.create("/admin/models?notice=" + URLEncoder.encode(notice, StandardCharsets.UTF_8)))
                .build();
    }

    private static String noticeText(String notice) {
        int colon = notice.indexOf(':');
        String what = colon < 0 ? notice : notice.substring(0, colon);
        String name = colon < 0 ? "" : notice.substring(colon + 1);
        return switch (what) {
            case "created" -> "Model " + name + " created.";
            case "saved" -> "Model " + name + " saved.";
            case "deleted" -> "Model " + name + " deleted.";
            case "missing" -> "There is no model " + name + " (any more).";
            default -> null;
        };
    }
}
