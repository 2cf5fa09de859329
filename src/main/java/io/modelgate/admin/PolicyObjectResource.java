package io.modelgate.admin;

import io.modelgate.error.OpenAiErrorBody;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;
import io.modelgate.control.ObjectBodies;
import io.modelgate.control.PolicyEdits;
import io.modelgate.control.PolicyService;
import io.modelgate.control.PolicyService.Action;
import io.modelgate.control.PolicyService.Change;
import io.modelgate.error.ErrorKind;
import io.modelgate.error.GatewayException;
import io.modelgate.policy.PolicyKind;
import io.modelgate.policy.binding.PolicyJson;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestResponse;

import java.util.List;
import java.util.Optional;

/**
 * One collection of named policy objects: list, read, create, replace and delete, each object in the shape of its
 * record — the shape it has in a LiteLLM config. Reads return an {@code ETag}; a write sent with {@code If-Match}
 * is refused with 412 if the object changed since. Bodies are read by {@link ObjectBodies}, so every problem is
 * named at once; {@link AdminApiSchemas} gives each request body its record's schema.
 */
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "400", description = "The object is refused; error.problems names each field",
        content = @Content(schema = @Schema(implementation = OpenAiErrorBody.class)))
public abstract class PolicyObjectResource<T> {

    /** The objects of a collection, each with its entity tag. */
    public record ObjectList<T>(String object, List<Listed<T>> data) {
    }

    /** An object as listed: its fields, and its entity tag under {@code etag}. */
    public record Listed<T>(@JsonUnwrapped T item, String etag) {
    }

    private final PolicyKind<T> kind;
    private final PolicyService service;
    private final ObjectBodies bodies;

    protected PolicyObjectResource(PolicyKind<T> kind, PolicyService service, ObjectBodies bodies) {
        this.kind = kind;
        this.service = service;
        this.bodies = bodies;
    }

    @GET
    @Operation(summary = "List the objects", description = "Each item carries its entity tag under 'etag'.")
    public ObjectList<T> list() {
        return new ObjectList<>("list", kind.all(service.current()).stream().map(o -> new Listed<>(o, PolicyJson.etag(o))).toList());
    }

    @GET
    @Path("{key}")
    @Operation(summary = "Read one object", description = "The ETag header is what If-Match takes on a later write.")
    public RestResponse<T> get(@PathParam("key") String key) {
        T object = kind.find(service.current(), key).orElseThrow(() -> new GatewayException(ErrorKind.NOT_FOUND,
                "There is no " + kind.object().auditName().replace('_', ' ') + " '" + key + "'."));
        return RestResponse.ResponseBuilder.ok(object).tag(unquoted(PolicyJson.etag(object))).build();
    }

    @POST
    @Operation(summary = "Create an object", description = "409 if one of that name exists.")
    public RestResponse<T> create(JsonNode body, @Context RoutingContext ctx) {
        String key = bodies.nameOf(kind, body);
        T object = bodies.read(kind, body, key);
        return written(RestResponse.Status.CREATED, service.apply(AdminAccess.actor(ctx),
                new Change<>(kind, key, Action.CREATE, Optional.empty(), PolicyEdits.put(kind, object))));
    }

    @PUT
    @Path("{key}")
    @Operation(summary = "Replace an object", description = "Send the ETag you read as If-Match: a stale write gets 412 and changes nothing.")
    public RestResponse<T> replace(@PathParam("key") String key, @HeaderParam("If-Match") String ifMatch, JsonNode body, @Context RoutingContext ctx) {
        T object = bodies.read(kind, body, key);
        return written(RestResponse.Status.OK, service.apply(AdminAccess.actor(ctx),
                new Change<>(kind, key, Action.UPDATE, Optional.ofNullable(ifMatch), PolicyEdits.put(kind, object))));
    }

    @DELETE
    @Path("{key}")
    @Operation(summary = "Delete an object", description = "Deleting a model also removes the permissions naming it exactly; "
            + "deleting a role removes its permission and the mappings' grants of it.")
    public RestResponse<Void> delete(@PathParam("key") String key, @HeaderParam("If-Match") String ifMatch, @Context RoutingContext ctx) {
        PolicyService.Outcome<T> outcome = service.apply(AdminAccess.actor(ctx),
                new Change<>(kind, key, Action.DELETE, Optional.ofNullable(ifMatch), PolicyEdits.remove(kind, key)));
        return RestResponse.ResponseBuilder.<Void>noContent().header(POLICY_VERSION, outcome.policyVersion()).build();
    }

    static final String POLICY_VERSION = "X-Modelgate-Policy-Version";

    static <T> RestResponse<T> written(RestResponse.Status status, PolicyService.Outcome<T> outcome) {
        RestResponse.ResponseBuilder<T> response = RestResponse.ResponseBuilder.create(status);
        outcome.object().ifPresent(response::entity);
        outcome.etag().ifPresent(etag -> response.tag(unquoted(etag)));
        return response.header(POLICY_VERSION, outcome.policyVersion()).build();
    }

    /** JAX-RS quotes the value of an EntityTag itself. */
    static EntityTag unquoted(String etag) {
        return new EntityTag(etag.substring(1, etag.length() - 1));
    }
}
