package io.modelgate.responses;

import io.modelgate.identity.Caller;
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
import java.util.Objects;

/**
 * One turn of a conversation the gateway keeps for a model whose upstream keeps none ({@code kept_response}): the
 * input the caller sent, the response it got, and the turn it continued. Made once, when the response completes, and
 * never changed; ids are the gateway's own ({@link KeptResponses#newId}), so a write never meets another's row, and
 * writing a batch twice does nothing.
 */
@Entity
@Table(name = "kept_response")
@SQLInsert(sql = "insert into kept_response (created_at, expires_at, input, issuer, model, previous_id, response, subject, response_id)"
        + " values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (response_id) do nothing", verify = Expectation.None.class)
public class KeptResponse extends PanacheEntityBase {

    @Id
    @Column(name = "response_id")
    @NotBlank
    @Size(max = 300)
    public String id;
    /** The turn this one continues ({@code previous_response_id}); null for a conversation's first. */
    @Size(max = 300)
    public String previousId;
    /** The public model that answered. */
    @NotNull
    @Size(max = 300)
    public String model;
    /** The owner's token issuer ({@code ""} when the token named none). */
    @NotNull
    @Size(max = 2000)
    public String issuer;
    @NotNull
    @Size(max = 300)
    public String subject;
    /** The caller's input items of this turn, as a JSON array (each with its id). */
    @NotNull
    public String input;
    /** The response object as the caller got it, JSON. */
    @NotNull
    public String response;
    public Instant createdAt;
    @NotNull
    public Instant expiresAt;

    protected KeptResponse() {
    }

    public KeptResponse(String id, String previousId, String model, String issuer, String subject, String input, String response,
            Instant createdAt, Instant expiresAt) {
        this.id = id;
        this.previousId = previousId;
        this.model = model;
        this.issuer = issuer;
        this.subject = subject;
        this.input = input;
        this.response = response;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
    }

    /** Whether {@code caller} may reach it: its owner (same issuer and subject) or a {@code proxy_admin}. */
    public boolean reachableBy(Caller caller) {
        return caller.isAdmin() || caller.subject() != null && caller.subject().equals(subject) && Objects.equals(caller.issuer(), issuer);
    }

    /** Roughly the memory it takes, for the cache's bound. */
    int weight() {
        return 2 * (input.length() + response.length()) + 256;
    }
}
