package io.modelgate.policy;

/** The names of roles and credentials, which appear in URLs, metrics and the audit log. */
final class PolicyNames {

    static final String PATTERN = "[A-Za-z0-9_.:-]+";
    static final String MESSAGE = "may contain only letters, digits and _ . : -";

    private PolicyNames() {
    }
}
