package io.modelgate.limits;

import java.util.concurrent.CompletionStage;

/**
 * What the limits say of a call: admitted (counted until it finishes), refused by one of them, or not yet known: a
 * budget's spending before this replica counted it is being read from the stored usage (a restart, a new period, a
 * caller new to the replica), and the call is to be admitted again once it has been.
 */
public sealed interface LimitVerdict permits LimitBook.Admission, LimitExceeded, LimitVerdict.HistoryPending {

    /** Ask again, without waiting a second time, once {@code read} completes. */
    record HistoryPending(CompletionStage<Void> read) implements LimitVerdict {
    }
}
