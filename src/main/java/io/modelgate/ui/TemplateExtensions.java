package io.modelgate.ui;

import io.quarkus.qute.TemplateExtension;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Small helpers the operator UI's templates call. */
@TemplateExtension
final class TemplateExtensions {

    private TemplateExtensions() {
    }

    /** {@code value} as a URL query parameter value ({@code {m.name.urlEncoded}}); the page then HTML-escapes it as usual. */
    static String urlEncoded(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** The message for field {@code field} of deployment row {@code index}, if any. */
    static String rowError(Map<String, String> fieldErrors, int index, String field) {
        return fieldErrors.get(ModelForm.rowField(index, field));
    }
}
