package io.modelgate.responses;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.hibernate.annotations.SQLInsert;
import org.hibernate.jdbc.Expectation;

import java.time.Instant;

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
public class KeptResponse extends ResponseRecord {

    /** The turn this one continues ({@code previous_response_id}); null for a conversation's first. */
    @Size(max = 300)
    public String previousId;
    /** The caller's input items of this turn, as a JSON array (each with its id). */
    @NotNull
    public String input;
    /** The response object as the caller got it, JSON. */
    @NotNull
    public String response;

    protected KeptResponse() {
    }

    public KeptResponse(String id, String previousId, String model, String issuer, String subject, String input, String response,
            Instant createdAt, Instant expiresAt) {
        super(id, model, issuer, subject, createdAt, expiresAt);
        this.previousId = previousId;
        this.input = input;
        this.response = response;
    }

    /** Roughly the memory it takes, for the cache's bound. */
    int weight() {
        return 2 * (input.length() + response.length()) + 256;
    }
}
