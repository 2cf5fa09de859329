package io.modelgate.limits;

/** What the limits say of a call: admitted (counted until it finishes) or refused by one of them. */
public sealed interface LimitVerdict permits LimitBook.Admission, LimitExceeded {
}
