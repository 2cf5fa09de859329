package io.modelgate.ui;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Optional;
import java.util.function.Function;

/**
 * What a submitted form becomes: the object's body as the admin API takes it, and where on the form each of the
 * policy's problems with that body belongs ({@code fieldOf} maps a body field to a form field, or empty when the
 * form has none, so the page lists the problem in its error instead).
 */
public record FormBody(ObjectNode json, Function<String, Optional<String>> fieldOf) {
}
