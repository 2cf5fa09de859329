package io.modelgate.responses;

import io.modelgate.upstream.Deployment;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.hibernate.annotations.SQLInsert;
import org.hibernate.jdbc.Expectation;

import java.time.Instant;
import java.util.List;

/**
 * A Responses API answer an upstream keeps: where it lives and whose it is ({@code stored_response}). Made once, when
 * the answer passes, and never changed. A record is never overwritten: whoever created a response first owns it, so
 * writing one that is already there does nothing (which also makes writing a batch twice harmless).
 */
@Entity
@Table(name = "stored_response")
@SQLInsert(sql = "insert into stored_response (created_at, expires_at, home, issuer, model, subject, response_id)"
        + " values (?, ?, ?, ?, ?, ?, ?) on conflict (response_id) do nothing", verify = Expectation.None.class)
public class StoredResponse extends ResponseRecord {

    /** The {@link Deployment#home() home} of the deployment that created it. */
    @NotNull
    @Size(max = 2000)
    public String home;

    protected StoredResponse() {
    }

    public StoredResponse(String id, String model, String home, String issuer, String subject, Instant createdAt, Instant expiresAt) {
        super(id, model, issuer, subject, createdAt, expiresAt);
        this.home = home;
    }

    /** Those of {@code deployments} that can reach it: the ones with its home. */
    public List<Deployment> homeAmong(List<Deployment> deployments) {
        return deployments.stream().filter(d -> d.home().equals(home)).toList();
    }
}
