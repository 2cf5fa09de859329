package io.modelgate.responses;

import io.modelgate.identity.Caller;
import io.modelgate.upstream.Deployment;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.hibernate.annotations.SQLInsert;
import org.hibernate.jdbc.Expectation;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A Responses API answer an upstream keeps: where it lives and whose it is ({@code stored_response}). Made once, when
 * the answer passes, and never changed. A record is never overwritten: whoever created a response first owns it, so
 * writing one that is already there does nothing (which also makes writing a batch twice harmless).
 */
@Entity
@Table(name = "stored_response")
@SQLInsert(sql = "insert into stored_response (created_at, expires_at, home, issuer, model, subject, response_id)"
        + " values (?, ?, ?, ?, ?, ?, ?) on conflict (response_id) do nothing", verify = Expectation.None.class)
public class StoredResponse extends PanacheEntityBase {

    /** The upstream's id ({@code resp_…}). */
    @Id
    @Column(name = "response_id")
    @NotBlank
    @Size(max = 300)
    public String id;
    /** The public model it was created with. */
    @NotNull
    @Size(max = 300)
    public String model;
    /** The {@link Deployment#home() home} of the deployment that created it. */
    @NotNull
    @Size(max = 2000)
    public String home;
    /** The owner's token issuer ({@code ""} when the token named none). */
    @NotNull
    @Size(max = 2000)
    public String issuer;
    /** The owner's subject. */
    @NotNull
    @Size(max = 300)
    public String subject;
    public Instant createdAt;
    /** When the gateway forgets it (the upstream's retention). */
    @NotNull
    public Instant expiresAt;

    protected StoredResponse() {
    }

    public StoredResponse(String id, String model, String home, String issuer, String subject, Instant createdAt, Instant expiresAt) {
        this.id = id;
        this.model = model;
        this.home = home;
        this.issuer = issuer;
        this.subject = subject;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
    }

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
