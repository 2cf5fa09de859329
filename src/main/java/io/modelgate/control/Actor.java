package io.modelgate.control;

import io.modelgate.identity.Caller;

/** Who made a change, as the audit log records it (from the verified token; never the token itself). */
public record Actor(String subject, String email) {

    /** Modelgate itself, importing its bootstrap file. */
    public static final Actor SYSTEM = new Actor("system", null);

    public static Actor of(Caller caller) {
        return new Actor(caller.subject(), caller.email());
    }
}
