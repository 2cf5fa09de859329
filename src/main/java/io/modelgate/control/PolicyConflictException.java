package io.modelgate.control;

import io.modelgate.policy.PolicyObject;

/** A change that cannot be made to the policy as it stands; nothing was changed. */
public abstract sealed class PolicyConflictException extends RuntimeException {

    private final PolicyObject kind;
    private final String key;

    PolicyConflictException(PolicyObject kind, String key, String message) {
        super(message);
        this.kind = kind;
        this.key = key;
    }

    public PolicyObject kind() {
        return kind;
    }

    public String key() {
        return key;
    }

    /** The object does not exist. */
    public static final class NotFound extends PolicyConflictException {
        NotFound(PolicyObject kind, String key) {
            super(kind, key, "There is no " + kind.auditName().replace('_', ' ') + " '" + key + "'.");
        }
    }

    /** Creating an object whose name is taken. */
    public static final class AlreadyExists extends PolicyConflictException {
        AlreadyExists(PolicyObject kind, String key) {
            super(kind, key, "A " + kind.auditName().replace('_', ' ') + " named '" + key + "' already exists; update it instead.");
        }
    }

    /** The caller's If-Match no longer matches: someone else changed the object since it was read. */
    public static final class Stale extends PolicyConflictException {
        Stale(PolicyObject kind, String key) {
            super(kind, key, "The " + kind.auditName().replace('_', ' ') + " '" + key
                    + "' was changed by someone else since you read it. Reload it and apply your change again.");
        }
    }
}
