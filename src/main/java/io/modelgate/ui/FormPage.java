package io.modelgate.ui;

import java.util.Map;

/**
 * What the generic form frame ({@code admin/object-form.html}) shows around a kind's own fields: whether the object
 * is new, its name, the entity tag the form was rendered with, and how the last save went (an error, and messages
 * by form field).
 */
public record FormPage(KindNames kind, boolean creating, String name, String etag, String error, Map<String, String> fieldErrors) {

    /** Where the form posts: {@code /admin/models/new} or {@code /admin/models/edit}. */
    public String action() {
        return kind.listPath() + (creating ? "/new" : "/edit");
    }

    /** The message for the name field, if any. */
    public String nameError() {
        return fieldErrors.get(kind.nameField());
    }
}
