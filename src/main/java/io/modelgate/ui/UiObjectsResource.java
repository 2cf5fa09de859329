package io.modelgate.ui;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelgate.access.BuiltInRoles;
import io.modelgate.control.PolicyService;
import io.modelgate.identity.Caller;
import io.quarkus.oidc.Tenant;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The pages of every kind of named policy object the operator UI edits ({@link ObjectPages}): at {@code /admin/<kind>}
 * a list; {@code new} and {@code edit?name=} a form that saves through the policy service (audited) and, when saved,
 * goes back to the list with a notice (post/redirect/get), or shows the form again with the problems next to its
 * fields; {@code delete?name=} a page that asks first, so deleting works without JavaScript. Names travel as query
 * parameters because a model's may contain slashes.
 *
 * <p>One class serves every kind, so the tenant and the role it requires are declared once, on the class that
 * declares every endpoint (an endpoint inherited from a base class would not get a class's {@code @RolesAllowed}).
 */
@Path("/admin")
@Tenant("ui")
@RolesAllowed(BuiltInRoles.PROXY_ADMIN)
@Produces(MediaType.TEXT_HTML)
public class UiObjectsResource {

    /**
     * The kinds served, as the path segment's pattern: only these, so no other page under /admin is taken for a kind.
     * It names the same kinds as {@link #KINDS} (a test checks).
     */
    static final String KIND = "{kind: models|credentials|limits|mcp-servers}";

    static final Map<String, ObjectPages<?>> KINDS = List.<ObjectPages<?>>of(new ModelPages(), new CredentialPages(), new LimitPages(),
            new McpServerPages())
            .stream().collect(Collectors.toUnmodifiableMap(pages -> pages.names().path(), Function.identity()));

    private final SecurityIdentity identity;
    private final PolicyService service;
    private final ObjectForms forms;

    UiObjectsResource(SecurityIdentity identity, PolicyService service, ObjectForms forms) {
        this.identity = identity;
        this.service = service;
        this.forms = forms;
    }

    @GET
    @Path(KIND)
    public Response list(@PathParam("kind") String kind, @QueryParam("done") String done, @QueryParam("name") String name) {
        ObjectPages<?> pages = KINDS.get(kind);
        return listPage(pages, 200, ObjectForms.notice(pages.names().capitalNoun(), done, name), null);
    }

    @GET
    @Path(KIND + "/new")
    public Response newObject(@PathParam("kind") String kind) {
        return blankForm(KINDS.get(kind));
    }

    @GET
    @Path(KIND + "/edit")
    public Response edit(@PathParam("kind") String kind, @QueryParam("name") String name) {
        return storedForm(KINDS.get(kind), name);
    }

    /** Saves the form of a new object ({@code new}) or of one being edited ({@code edit}). */
    @POST
    @Path(KIND + "/{form: new|edit}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response save(@PathParam("kind") String kind, @PathParam("form") String form, MultivaluedMap<String, String> submitted) {
        return saveForm(KINDS.get(kind), form.equals("new"), submitted);
    }

    @GET
    @Path(KIND + "/delete")
    public Response confirmDelete(@PathParam("kind") String kind, @QueryParam("name") String name) {
        ObjectPages<?> pages = KINDS.get(kind);
        return forms.stored(pages.names().policyKind(), name)
                .map(stored -> deletePage(pages, name, ObjectForms.etag(stored), FormResult.shown()))
                .orElseGet(() -> missing(pages, name));
    }

    @POST
    @Path(KIND + "/delete")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response delete(@PathParam("kind") String kind, @FormParam("name") String name, @FormParam("etag") String etag) {
        ObjectPages<?> pages = KINDS.get(kind);
        FormResult result = forms.delete(operator(), pages.names().policyKind(), name, etag);
        return result.saved() ? ObjectForms.backTo(pages.names().listPath(), "deleted", name) : deletePage(pages, name, etag, result);
    }

    private <F> Response blankForm(ObjectPages<F> pages) {
        return formPage(pages, true, "", "", pages.empty(), FormResult.shown());
    }

    private <F> Response storedForm(ObjectPages<F> pages, String name) {
        return forms.stored(pages.names().policyKind(), name)
                .map(stored -> formPage(pages, false, name, ObjectForms.etag(stored), pages.of(stored), FormResult.shown()))
                .orElseGet(() -> missing(pages, name));
    }

    private <F> Response saveForm(ObjectPages<F> pages, boolean creating, MultivaluedMap<String, String> submitted) {
        KindNames names = pages.names();
        String etag = submitted.getFirst("etag");
        String name = Optional.ofNullable(submitted.getFirst(names.nameField())).map(String::trim).orElse("");
        Optional<JsonNode> stored = creating ? Optional.empty() : forms.stored(names.policyKind(), name);
        F form = pages.submitted(submitted, stored);
        Optional<F> reshown = pages.reshown(form, submitted);
        if (reshown.isPresent()) {
            return formPage(pages, creating, name, etag, reshown.get(), FormResult.shown());
        }
        FormResult result = forms.save(operator(), names.policyKind(), name, creating, etag, current -> pages.body(form, current));
        return result.saved() ? ObjectForms.backTo(names.listPath(), creating ? "created" : "saved", name)
                : formPage(pages, creating, name, etag, form, result);
    }

    private <F> Response formPage(ObjectPages<F> pages, boolean creating, String name, String etag, F form, FormResult result) {
        FormPage page = new FormPage(pages.names(), creating, name, etag == null ? "" : etag, result.error(), result.fieldErrors());
        return Response.status(result.status()).entity(pages.form(operator(), page, form, service.current())).build();
    }

    private Response deletePage(ObjectPages<?> pages, String name, String etag, FormResult result) {
        KindNames names = pages.names();
        return Response.status(result.status()).entity(UiTemplates.confirmDelete(operator(), names.path(), names, name,
                etag == null ? "" : etag, pages.deleteConsequence(service.current(), name), result.error())).build();
    }

    /** The object is gone (deleted meanwhile, or a stale link): the list, saying so. */
    private Response missing(ObjectPages<?> pages, String name) {
        return listPage(pages, 404, null, "There is no " + pages.names().noun() + " '" + name + "' (any more).");
    }

    private Response listPage(ObjectPages<?> pages, int status, String notice, String error) {
        return Response.status(status).entity(pages.list(operator(), new ListPage(pages.names(), notice, error), service.current())).build();
    }

    private Caller operator() {
        return Operator.of(identity);
    }
}
