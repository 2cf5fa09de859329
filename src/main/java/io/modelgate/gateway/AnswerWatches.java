package io.modelgate.gateway;

import io.modelgate.upstream.Deployment;
import io.modelgate.upstream.UpstreamResponse;

/**
 * What a call watches its answer for, decided before it is relayed and opened once an answer is chosen: which watch
 * fits depends on the deployment that answered and on the answer's head (only a successful JSON or event-stream
 * answer reports usage).
 */
@FunctionalInterface
interface AnswerWatches {

    /** Nothing to watch for. */
    AnswerWatches NONE = (deployment, response) -> AnswerWatch.PASS_THROUGH;

    AnswerWatch open(Deployment deployment, UpstreamResponse response);

    /** These watches, and then {@code next}'s on what these pass. */
    default AnswerWatches and(AnswerWatches next) {
        if (this == NONE) {
            return next;
        }
        if (next == NONE) {
            return this;
        }
        return (deployment, response) -> open(deployment, response).then(next.open(deployment, response));
    }
}
