package io.modelgate.responses;

import io.modelgate.identity.Caller;
import io.modelgate.upstream.Deployment;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A Responses API answer an upstream keeps: where it lives and whose it is.
 *
 * @param id        the upstream's id ({@code resp_…})
 * @param model     the public model it was created with
 * @param home      the {@link io.modelgate.upstream.Deployment#home() home} of the deployment that created it
 * @param issuer    the owner's token issuer
 * @param subject   the owner's subject
 * @param expiresAt when the gateway forgets it (the upstream's retention)
 */
public record StoredResponse(String id, String model, String home, String issuer, String subject, Instant expiresAt) {

    /** Whether {@code caller} may reach it: its owner (same issuer and subject) or a {@code proxy_admin}. */
    public boolean reachableBy(Caller caller) {
        return caller.isAdmin() || ownedBy(caller);
    }

    /** Those of {@code deployments} that can reach it: the ones with its home. */
    public List<Deployment> homeAmong(List<Deployment> deployments) {
        return deployments.stream().filter(d -> d.home().equals(home)).toList();
    }

    public boolean ownedBy(Caller caller) {
        return caller.subject() != null && caller.subject().equals(subject) && Objects.equals(caller.issuer(), issuer);
    }
}
