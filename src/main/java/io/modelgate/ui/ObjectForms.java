package io.modelgate.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelgate.control.ObjectViews;
import io.modelgate.control.PolicyCollection;
import io.modelgate.control.PolicyService;
import io.modelgate.control.PolicyService.Action;
import io.modelgate.control.PolicyService.Change;
import io.modelgate.secret.SecretBox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;

import java.util.Optional;
import java.util.function.Function;

/**
 * What the pages that create, edit and delete one named policy object (a model, a credential) share: reading
 * the object, saving a form's body through the policy service, deleting, and going back to the list with a
 * notice of what was done (post/redirect/get).
 */
@ApplicationScoped
public class ObjectForms {

    private final PolicyService service;
    private final SecretBox secrets;

    ObjectForms(PolicyService service, SecretBox secrets) {
        this.service = service;
        this.secrets = secrets;
    }

    /** The object as the admin API shows it, if it exists. */
    public Optional<JsonNode> stored(PolicyCollection collection, String name) {
        return name == null ? Optional.empty() : ObjectViews.find(service.current(), collection.kind(), name).map(JsonNode.class::cast);
    }

    /**
     * Creates or updates {@code name}. {@code body} builds the object from the form, given the object as it is
     * under the policy lock (so write-only secrets left empty are kept from what is really stored); problems
     * the form itself finds ({@link FormProblems}) and the policy's go next to the fields {@code fieldOf} names.
     */
    public FormResult save(UiOperator operator, PolicyCollection collection, String name, boolean creating, String etag,
            Function<Optional<JsonNode>, ObjectNode> body, Function<String, Optional<String>> fieldOf) {
        try {
            return FormResult.apply(service, operator.actor(), () -> new Change(collection.kind(), name,
                    creating ? Action.CREATE : Action.UPDATE, Optional.ofNullable(etag).filter(e -> !e.isEmpty()),
                    doc -> collection.put(body.apply(ObjectViews.find(doc, collection.kind(), name).map(JsonNode.class::cast)), name, secrets)
                            .apply(doc)), creating ? "created" : "saved", fieldOf);
        } catch (FormProblems problems) {
            return FormResult.refused(problems.fields());
        }
    }

    public FormResult delete(UiOperator operator, PolicyCollection collection, String name, String etag) {
        return FormResult.apply(service, operator.actor(), () -> new Change(collection.kind(), name, Action.DELETE,
                Optional.ofNullable(etag).filter(e -> !e.isEmpty()), collection.remove(name)), "deleted", field -> Optional.empty());
    }

    /** Back to the list at {@code path}, which will say that {@code name} was {@code done} (created, saved, deleted). */
    public static Response backTo(String path, String done, String name) {
        return Response.seeOther(UriBuilder.fromPath(path).queryParam("done", done).queryParam("name", name).build()).build();
    }

    /**
     * The list's notice, e.g. "Model chat created."; only the known outcomes are shown, so a crafted link cannot
     * put words of its own on the page.
     */
    public static String notice(String what, String done, String name) {
        if (done == null || name == null || !(done.equals("created") || done.equals("saved") || done.equals("deleted"))) {
            return null;
        }
        return what + " " + name + " " + done + ".";
    }
}
