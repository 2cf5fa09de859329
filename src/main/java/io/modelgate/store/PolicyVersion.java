package io.modelgate.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

import java.time.Instant;

/**
 * The policy's one version row: every committed change to a policy object bumps it once and notifies listeners
 * (the {@code bump_policy_version} trigger), whoever made the change, so Modelgate only reads it. Writers lock it
 * ({@link #lockForWriting()}) to take their turn.
 */
@Entity
@Table(name = "policy_version")
@Immutable
public class PolicyVersion extends PanacheEntityBase {

    private static final short ID = 1;

    @Id
    public short id;
    public long version;
    public Instant changedAt;

    /** The version as committed now (never a copy an earlier read left in the session). */
    public static long current() {
        return getEntityManager().createQuery("select v.version from PolicyVersion v where v.id = :id", Long.class)
                .setParameter("id", ID).getSingleResult();
    }

    /** The version and when it was committed. */
    public static PolicyVersion read() {
        return findById(ID);
    }

    /**
     * Locks the version row until the transaction ends ({@code select … for update}): policy writers take turns,
     * across replicas, and each reads the policy after its turn began, so none builds on a state another is
     * changing. Anything else that changes the policy (an operator's SQL) bumps the same row and so takes its turn too.
     */
    public static void lockForWriting() {
        findById(ID, LockModeType.PESSIMISTIC_WRITE);
    }
}
