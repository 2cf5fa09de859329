package io.modelgate.identity;

import io.modelgate.access.AccessPolicy;

import java.util.Optional;

/**
 * Where identity finds the access policy in force, to map a token's roles: the policy snapshot implements it. An
 * interface here, so that identity does not depend on the snapshot that is built from what identity defines.
 */
public interface AccessPolicySource {

    /** The access policy in force; empty before the first policy is loaded. */
    Optional<AccessPolicy> accessPolicy();
}
