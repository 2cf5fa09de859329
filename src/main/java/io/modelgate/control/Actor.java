package io.modelgate.control;

/** Who made a change, as the audit log records it (from the verified token; never the token itself). */
public record Actor(String subject, String email) {
}
