package io.modelgate.ui;

import io.modelgate.policy.PolicyKind;

import java.util.Locale;

/**
 * What the operator UI's pages call one kind of named policy object, and where its pages are: the list at
 * {@code /admin/<collection>} (the admin API's collection name), the form's name field named as the admin API's
 * body names it ({@code model_name}), so the policy's problems with the name land next to it.
 *
 * @param noun       "model": in buttons ("Create model"), notices and the delete page
 * @param title      the list page's heading, "Models"
 * @param newHeading the heading of the form for a new one, "New model"
 * @param nameLabel  the name field's label; {@code nameHint}, if not empty, follows it in parentheses
 */
public record KindNames(PolicyKind<?> policyKind, String noun, String title, String newHeading, String nameLabel, String nameHint) {

    /** The kind's part of its pages' paths: {@code models}; also the navigation section the pages belong to. */
    public String path() {
        return policyKind.collection();
    }

    public String listPath() {
        return "/admin/" + path();
    }

    public String nameField() {
        return policyKind.nameField();
    }

    /** "Model", as a notice or a legend begins. */
    public String capitalNoun() {
        return noun.substring(0, 1).toUpperCase(Locale.ROOT) + noun.substring(1);
    }
}
