package io.modelgate.translate;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * A request written in the upstream's API, and what the caller offered that the upstream cannot take and that the
 * answer does not depend on — left out, and named to the caller in a response header and in the access log.
 *
 * @param body    the translated body; its {@code model} is set per deployment
 * @param omitted what was left out, e.g. {@code tool:web_search}, {@code top_k}; empty when nothing was
 */
public record Translated(ObjectNode body, List<String> omitted) {
    public Translated {
        omitted = List.copyOf(omitted);
    }
}
