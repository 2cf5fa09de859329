package io.modelgate.responses;

import io.modelgate.identity.Caller;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.Objects;

/**
 * What the gateway keeps of any response, wherever its content lives: its id, the model it was made with, whose it is
 * (the caller's issuer and subject) and when it is forgotten. Only its owner and {@code proxy_admin}s reach it.
 */
@MappedSuperclass
public abstract class ResponseRecord extends PanacheEntityBase {

    /** The response's id ({@code resp_…}). */
    @Id
    @Column(name = "response_id")
    @NotBlank
    @Size(max = 300)
    public String id;
    /** The public model it was made with. */
    @NotNull
    @Size(max = 300)
    public String model;
    /** The owner's token issuer ({@code ""} when the token named none). */
    @NotNull
    @Size(max = 2000)
    public String issuer;
    /** The owner's subject. */
    @NotNull
    @Size(max = 300)
    public String subject;
    public Instant createdAt;
    /** When the gateway forgets it. */
    @NotNull
    public Instant expiresAt;

    protected ResponseRecord() {
    }

    protected ResponseRecord(String id, String model, String issuer, String subject, Instant createdAt, Instant expiresAt) {
        this.id = id;
        this.model = model;
        this.issuer = issuer;
        this.subject = subject;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
    }

    /** Whether {@code caller} may reach it: its owner (same issuer and subject) or a {@code proxy_admin}. */
    public boolean reachableBy(Caller caller) {
        return caller.isAdmin() || ownedBy(caller);
    }

    public boolean ownedBy(Caller caller) {
        return caller.subject() != null && caller.subject().equals(subject) && Objects.equals(caller.issuer(), issuer);
    }

    /** Whether it is still kept at {@code now}. */
    boolean liveAt(Instant now) {
        return expiresAt.isAfter(now);
    }
}
