package io.modelgate.translate;

/**
 * A request asks for something the upstream's API cannot express and the answer depends on: the caller gets a 400
 * naming it, in its own API's error shape, and nothing is sent.
 */
public final class Untranslatable extends RuntimeException {

    private final String param;

    public Untranslatable(String message, String param) {
        super(message, null, false, false);
        this.param = param;
    }

    /** The request field at fault, as the caller's API names it. */
    public String param() {
        return param;
    }
}
