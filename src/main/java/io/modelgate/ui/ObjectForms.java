package io.modelgate.ui;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelgate.control.Actor;
import io.modelgate.control.ObjectBodies;
import io.modelgate.control.PolicyEdits;
import io.modelgate.control.PolicyService;
import io.modelgate.control.PolicyService.Action;
import io.modelgate.control.PolicyService.Change;
import io.modelgate.identity.Caller;
import io.modelgate.policy.PolicyKind;
import io.modelgate.policy.binding.PolicyJson;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * What the pages that create, edit and delete one named policy object (a model, a credential, a limit) share: reading
 * the object, saving a form's body through the policy service, deleting, and going back to the list with a
 * notice of what was done (post/redirect/get). Forms work on the object's JSON, the shape the admin API takes.
 */
@ApplicationScoped
public class ObjectForms {

    private final PolicyService service;
    private final ObjectBodies bodies;

    ObjectForms(PolicyService service, ObjectBodies bodies) {
        this.service = service;
        this.bodies = bodies;
    }

    /** The object as the admin API shows it, if it exists. */
    public Optional<JsonNode> stored(PolicyKind<?> kind, String name) {
        return name == null ? Optional.empty() : kind.find(service.current(), name).map(PolicyJson::tree);
    }

    /** The entity tag of an object as {@link #stored} shows it. */
    public static String etag(JsonNode stored) {
        return PolicyJson.etag(stored);
    }

    /**
     * Creates or updates {@code name}. {@code body} builds the object from the form, given the object as it is
     * under the policy lock (so write-only secrets left empty are kept from what is really stored); problems
     * the form itself finds ({@link FormProblems}) and the policy's go next to the fields the body names.
     */
    public <T> FormResult save(Caller operator, PolicyKind<T> kind, String name, boolean creating, String etag,
            Function<Optional<JsonNode>, FormBody> body) {
        // the body is built inside the change, under the lock; its field mapping is needed after, for the policy's problems
        AtomicReference<Function<String, Optional<String>>> fieldOf = new AtomicReference<>(field -> Optional.empty());
        try {
            return FormResult.apply(service, Actor.of(operator), () -> new Change<>(kind, name, creating ? Action.CREATE : Action.UPDATE,
                    Optional.ofNullable(etag).filter(e -> !e.isEmpty()), doc -> {
                        FormBody built = body.apply(kind.find(doc, name).map(PolicyJson::tree));
                        fieldOf.set(built.fieldOf());
                        return kind.put(doc, bodies.read(kind, built.json(), name));
                    }), creating ? "created" : "saved", field -> fieldOf.get().apply(field));
        } catch (FormProblems problems) {
            return FormResult.refused(problems.fields());
        }
    }

    public FormResult delete(Caller operator, PolicyKind<?> kind, String name, String etag) {
        return FormResult.apply(service, Actor.of(operator), () -> new Change<>(kind, name, Action.DELETE,
                Optional.ofNullable(etag).filter(e -> !e.isEmpty()), PolicyEdits.remove(kind, name)), "deleted", field -> Optional.empty());
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
