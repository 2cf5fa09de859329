package io.modelgate.ui;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelgate.identity.Caller;
import io.modelgate.policy.PolicyDocument;
import io.quarkus.qute.TemplateInstance;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One kind of named policy object as the operator UI edits it: what is its own about its pages — its names, its
 * form's conversions (between the stored object's JSON, the form's fields and the admin API's body, done by the
 * kind's pure form class), its table, its fields and what deleting one changes. Everything else — the URLs,
 * reading and saving through the policy service, post/redirect/get, asking before deleting, placing problems next to
 * fields — is {@link UiObjectsResource}'s, the same for every kind. A new kind is a subclass of this, its two
 * templates (its table for {@code admin/object-list.html}, its fields for {@code admin/object-form.html}) and an entry
 * in {@link UiObjectsResource#KINDS}.
 *
 * <p>Not a resource: the endpoints are all declared by {@link UiObjectsResource}, which alone carries the role check.
 *
 * @param <F> the kind's form: the object as its form fields hold it, each value as typed
 */
public abstract class ObjectPages<F> {

    private final KindNames names;
    private final Supplier<F> empty;
    private final Function<JsonNode, F> of;
    private final BiFunction<Map<String, List<String>>, Optional<JsonNode>, F> submitted;
    private final BiFunction<F, Optional<JsonNode>, FormBody> body;

    /**
     * @param empty     the form for a new object
     * @param of        the form for a stored object, as the admin API shows it
     * @param submitted the form as submitted, given the object as it is now when one is edited (for write-only fields)
     * @param body      the body the policy service validates, given the object as it is under the policy lock; throws
     *                  {@link FormProblems} for problems the form itself finds
     */
    protected ObjectPages(KindNames names, Supplier<F> empty, Function<JsonNode, F> of,
            BiFunction<Map<String, List<String>>, Optional<JsonNode>, F> submitted, BiFunction<F, Optional<JsonNode>, FormBody> body) {
        this.names = names;
        this.empty = empty;
        this.of = of;
        this.submitted = submitted;
        this.body = body;
    }

    public final KindNames names() {
        return names;
    }

    final F empty() {
        return empty.get();
    }

    final F of(JsonNode stored) {
        return of.apply(stored);
    }

    final F submitted(Map<String, List<String>> form, Optional<JsonNode> stored) {
        return submitted.apply(form, stored);
    }

    final FormBody body(F form, Optional<JsonNode> stored) {
        return body.apply(form, stored);
    }

    /**
     * The form to show again instead of saving, when the submit only asked to change the form itself (the model
     * form's "add another deployment"); empty for a save.
     */
    Optional<F> reshown(F form, Map<String, List<String>> submitted) {
        return Optional.empty();
    }

    /** The list page: {@code page} and the kind's table of the objects in {@code document}. */
    abstract TemplateInstance list(Caller operator, ListPage page, PolicyDocument document);

    /** The form page: {@code page} with the kind's fields, whose choices may come from {@code document}. */
    abstract TemplateInstance form(Caller operator, FormPage page, F form, PolicyDocument document);

    /** What deleting {@code name} would change, for the page that asks before deleting. */
    abstract String deleteConsequence(PolicyDocument document, String name);
}
