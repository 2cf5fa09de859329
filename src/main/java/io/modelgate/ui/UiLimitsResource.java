package io.modelgate.ui;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelgate.access.BuiltInRoles;
import io.modelgate.control.PolicyService;
import io.modelgate.identity.Caller;
import io.modelgate.policy.Limit;
import io.modelgate.policy.PolicyKind;
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

import java.util.List;
import java.util.Locale;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.BiFunction;

/**
 * Limits on calls (requests and tokens per minute, calls in flight, token or dollar budgets) for a gateway role or
 * one subject: a list, one form to create or edit a limit, and a page that asks before deleting one.
 */
@Path("/admin/limits")
@Tenant("ui")
@RolesAllowed(BuiltInRoles.PROXY_ADMIN)
@Produces(MediaType.TEXT_HTML)
public class UiLimitsResource {

    /** A limit's line in the list, every value as the page shows it ("" for not set). */
    public record Row(String name, String who, String per, String models, String rpm, String tpm, String maxParallelRequests,
            String budget) {
    }

    private final SecurityIdentity identity;
    private final PolicyService service;
    private final ObjectForms forms;

    UiLimitsResource(SecurityIdentity identity, PolicyService service, ObjectForms forms) {
        this.identity = identity;
        this.service = service;
        this.forms = forms;
    }

    @GET
    public Response limits(@QueryParam("done") String done, @QueryParam("name") String name) {
        return listPage(Operator.of(identity), 200, ObjectForms.notice("Limit", done, name), null);
    }

    @GET
    @Path("new")
    public Response newLimit() {
        return renderForm(Operator.of(identity), true, LimitForm.empty(), "", FormResult.shown());
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
        return withStored(name, (operator, limit) -> renderForm(operator, false, LimitForm.of(limit), ObjectForms.etag(limit),
                FormResult.shown()));
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
        return withStored(name, (operator, limit) -> deletePage(operator, name, ObjectForms.etag(limit), FormResult.shown()));
    }

    @POST
    @Path("delete")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response delete(@FormParam("name") String name, @FormParam("etag") String etag) {
        Caller operator = Operator.of(identity);
        FormResult result = forms.delete(operator, PolicyKind.LIMITS, name, etag);
        return result.saved() ? ObjectForms.backTo("/admin/limits", "deleted", name) : deletePage(operator, name, etag, result);
    }

    private Response save(Caller operator, boolean creating, MultivaluedMap<String, String> submitted) {
        String etag = submitted.getFirst("etag");
        LimitForm limit = LimitForm.submitted(submitted);
        FormResult result = forms.save(operator, PolicyKind.LIMITS, limit.name(), creating, etag, stored -> limit.body(), LimitForm::fieldOf);
        return result.saved() ? ObjectForms.backTo("/admin/limits", creating ? "created" : "saved", limit.name())
                : renderForm(operator, creating, limit, etag, result);
    }

    private Response renderForm(Caller operator, boolean creating, LimitForm limit, String etag, FormResult result) {
        // a role the policy no longer declares stays choosable, so the form shows what is stored (and the policy says why not)
        SortedSet<String> roles = new TreeSet<>(service.current().gatewayRoleNames());
        if (!limit.role().isEmpty()) {
            roles.add(limit.role());
        }
        return Response.status(result.status()).entity(UiTemplates.limitForm(operator, "limits", creating,
                creating ? "/admin/limits/new" : "/admin/limits/edit", limit, etag == null ? "" : etag, List.copyOf(roles),
                LimitForm.PERIODS, result.error(), result.fieldErrors())).build();
    }

    private Response deletePage(Caller operator, String name, String etag, FormResult result) {
        return Response.status(result.status()).entity(UiTemplates.confirmDelete(operator, "limits", "limit", name, etag == null ? "" : etag,
                "/admin/limits/delete", "/admin/limits", "Callers it covers are no longer held to its ceilings or budget.",
                result.error())).build();
    }

    /** The page {@code page} shows for stored limit {@code name}, or the list saying it is gone. */
    private Response withStored(String name, BiFunction<Caller, JsonNode, Response> page) {
        Caller operator = Operator.of(identity);
        return forms.stored(PolicyKind.LIMITS, name).map(limit -> page.apply(operator, limit)).orElseGet(() -> missing(operator, name));
    }

    /** The limit is gone (deleted meanwhile, or a stale link): the list, saying so. */
    private Response missing(Caller operator, String name) {
        return listPage(operator, 404, null, "There is no limit '" + name + "' (any more).");
    }

    private Response listPage(Caller operator, int status, String notice, String error) {
        List<Row> rows = service.current().limits().stream().map(UiLimitsResource::row).toList();
        return Response.status(status).entity(UiTemplates.limits(operator, "limits", rows, notice, error)).build();
    }

    /** Whom a limit is for, as the pages say it: "role team", "subject alice", "subject alice of https://idp". */
    static String who(String role, String subject, String issuer) {
        return role != null ? "role " + role : "subject " + subject + (issuer == null ? "" : " of " + issuer);
    }

    static Row row(Limit limit) {
        String who = who(limit.role(), limit.subject(), limit.issuer());
        String per = limit.role() == null ? "" : limit.scope() == Limit.Scope.ROLE ? "role (together)" : "each caller";
        return new Row(limit.name(), who, per, String.join(", ", limit.modelPatterns()), count(limit.rpm()), count(limit.tpm()),
                count(limit.maxParallelRequests()), budget(limit.budget()));
    }

    /** "50 USD per month", "1,000,000 tokens per week": the budget as configured, exactly. */
    static String budget(Limit.Budget budget) {
        if (budget == null) {
            return "";
        }
        String amount = budget.usd() != null ? budget.usd().stripTrailingZeros().toPlainString() + " USD"
                : String.format(Locale.ROOT, "%,d tokens", budget.tokens());
        return amount + " per " + (budget.period() == null ? "?" : budget.period().configName());
    }

    private static String count(Number value) {
        return value == null ? "" : String.format(Locale.ROOT, "%,d", value.longValue());
    }
}
