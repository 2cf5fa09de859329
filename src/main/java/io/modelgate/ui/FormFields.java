package io.modelgate.ui;

import java.util.List;
import java.util.Map;

/** Reading a submitted HTML form (its fields as name → values). */
final class FormFields {

    private FormFields() {
    }

    /** The first value of field {@code name}, or null when the form did not send it. */
    static String first(Map<String, List<String>> form, String name) {
        List<String> values = form.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
