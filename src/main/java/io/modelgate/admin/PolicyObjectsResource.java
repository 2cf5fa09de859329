package io.modelgate.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelgate.control.ObjectViews;
import io.modelgate.control.PolicyCollection;
import io.modelgate.control.PolicyObject;
import io.modelgate.control.PolicyService;
import io.modelgate.control.PolicyService.Action;
import io.modelgate.control.PolicyService.Change;
import io.modelgate.error.ErrorKind;
import io.modelgate.error.GatewayException;
import io.modelgate.secret.SecretBox;
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
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Map;
import java.util.Optional;

/**
 * Models, roles, permissions, role mappings and upstream credentials: list, read, create, replace and
 * delete, each object in the shape it has in a LiteLLM config. Reads return an {@code ETag}; a write
 * sent with {@code If-Match} is refused with 412 if the object changed since.
 */
@Path(AdminAccess.PATH + "/{collection: models|roles|permissions|role-mappings|credentials}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Policy objects")
public class PolicyObjectsResource {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final PolicyService service;
    private final SecretBox secrets;

    PolicyObjectsResource(PolicyService service, SecretBox secrets) {
        this.service = service;
        this.secrets = secrets;
    }

    @GET
    @Operation(summary = "List the objects of a collection", description = "Each item carries its entity tag under 'etag'.")
    public ObjectNode list(@Parameter(description = "models, roles, permissions, role-mappings or credentials") @PathParam("collection") String collection) {
        Map<String, ObjectNode> objects = ObjectViews.all(service.current(), collection(collection).kind());
        ObjectNode body = NODES.objectNode().put("object", "list");
        ArrayNode data = body.putArray("data");
        objects.values().forEach(view -> data.add(view.deepCopy().put("etag", ObjectViews.etag(view))));
        return body;
    }

    @GET
    @Path("{key}")
    @Operation(summary = "Read one object", description = "The ETag header is what If-Match takes on a later write.")
    public Response get(@PathParam("collection") String collection, @PathParam("key") String key) {
        PolicyObject kind = collection(collection).kind();
        ObjectNode view = ObjectViews.find(service.current(), kind, key)
                .orElseThrow(() -> new GatewayException(ErrorKind.NOT_FOUND, "There is no " + kind.auditName().replace('_', ' ') + " '" + key + "'."));
        return Response.ok(view).tag(unquoted(ObjectViews.etag(view))).build();
    }

    @POST
    @Operation(summary = "Create an object", description = "409 if one of that name exists.")
    public Response create(@PathParam("collection") String collection, @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = {
            @ExampleObject(name = "model", value = "{\"model_name\": \"gpt-4o\", \"description\": \"GPT-4o via the internal proxy\", "
                    + "\"tags\": [\"fast\"], \"deployments\": [{\"model\": \"openai/gpt-4o\", \"api_base\": \"https://llm.internal/v1\", "
                    + "\"api_key\": \"os.environ/LLM_API_KEY\", \"weight\": 1}]}"),
            @ExampleObject(name = "permission", value = "{\"role\": \"data_science\", \"models\": [\"ds-*\", \"tag:premium\"]}"),
            @ExampleObject(name = "role mapping", value = "{\"idp_role\": \"ds-team\", \"gateway_roles\": [\"data_science\"]}"),
            @ExampleObject(name = "role", value = "{\"name\": \"data_science\", \"description\": \"Data scientists\"}"),
            @ExampleObject(name = "credential", value = "{\"credential_name\": \"model-server\", \"credential_values\": "
                    + "{\"type\": \"oauth2_client_credentials\", \"token_url\": \"https://idp/token\", \"client_id\": \"gateway\", "
                    + "\"client_secret\": \"os.environ/MODEL_SERVER_SECRET\", \"scope\": [\"llm.invoke\"]}}")}))
            JsonNode body, RoutingContext ctx) {
        PolicyCollection target = collection(collection);
        String key = target.keyOf(body, null);
        PolicyService.Outcome outcome = service.apply(AdminAccess.actor(ctx),
                new Change(target.kind(), key, Action.CREATE, Optional.empty(), target.put(body, key, secrets)));
        return written(Response.status(201), outcome);
    }

    @PUT
    @Path("{key}")
    @Operation(summary = "Replace an object", description = "Send the ETag you read as If-Match: a stale write gets 412 and changes nothing.")
    public Response replace(@PathParam("collection") String collection, @PathParam("key") String key,
            @HeaderParam("If-Match") String ifMatch, JsonNode body, RoutingContext ctx) {
        PolicyCollection target = collection(collection);
        target.keyOf(body, key);
        PolicyService.Outcome outcome = service.apply(AdminAccess.actor(ctx),
                new Change(target.kind(), key, Action.UPDATE, Optional.ofNullable(ifMatch), target.put(body, key, secrets)));
        return written(Response.ok(), outcome);
    }

    @DELETE
    @Path("{key}")
    @Operation(summary = "Delete an object", description = "Deleting a model also removes the permissions naming it exactly; "
            + "deleting a role removes its permissions and the mappings to it.")
    public Response delete(@PathParam("collection") String collection, @PathParam("key") String key,
            @HeaderParam("If-Match") String ifMatch, RoutingContext ctx) {
        PolicyCollection target = collection(collection);
        PolicyService.Outcome outcome = service.apply(AdminAccess.actor(ctx),
                new Change(target.kind(), key, Action.DELETE, Optional.ofNullable(ifMatch), target.remove(key)));
        return Response.noContent().header("X-Modelgate-Policy-Version", outcome.policyVersion()).build();
    }

    private static Response written(Response.ResponseBuilder response, PolicyService.Outcome outcome) {
        outcome.object().ifPresent(response::entity);
        outcome.etag().ifPresent(etag -> response.tag(unquoted(etag)));
        return response.header("X-Modelgate-Policy-Version", outcome.policyVersion()).build();
    }

    /** JAX-RS quotes the value of an EntityTag itself. */
    static EntityTag unquoted(String etag) {
        return new EntityTag(etag.substring(1, etag.length() - 1));
    }

    private static PolicyCollection collection(String path) {
        return PolicyCollection.fromPath(path).orElseThrow(() -> new GatewayException(ErrorKind.NOT_FOUND, "There is no collection '" + path + "'."));
    }
}
