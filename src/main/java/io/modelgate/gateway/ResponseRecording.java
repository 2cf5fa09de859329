package io.modelgate.gateway;

import io.modelgate.identity.Caller;
import io.modelgate.responses.ResponseIdReader;
import io.modelgate.responses.StoredResponses;
import io.modelgate.upstream.Deployment;
import io.modelgate.upstream.UpstreamResponse;
import io.vertx.core.buffer.Buffer;
import jakarta.inject.Singleton;

/**
 * What the relay learns about stored responses as answers pass: the id of a response just created, recorded with its
 * home and owner the moment it is seen (a stream's first event carries it); and the deletion of one. Neither holds
 * the answer: the record reaches the database in the next batch, and a replica that does not find an id yet waits for
 * it ({@link StoredResponses#find}).
 */
@Singleton
final class ResponseRecording {

    private final StoredResponses stored;

    ResponseRecording(StoredResponses stored) {
        this.stored = stored;
    }

    /** Records the response a successful create returns, as {@code caller}'s, created with {@code model}. */
    AnswerWatches created(Caller caller, String model) {
        if (caller.subject() == null) {
            return AnswerWatches.NONE; // no subject to own it: not recorded, so it cannot be read back through the gateway
        }
        return (deployment, response) -> response.status() / 100 != 2 ? AnswerWatch.PASS_THROUGH
                : new Recorder(caller, model, deployment, response);
    }

    /** Forgets a response once its upstream confirmed the deletion. */
    AnswerWatches deleted(String responseId) {
        return (deployment, response) -> response.status() / 100 != 2 ? AnswerWatch.PASS_THROUGH : new AnswerWatch() {
            @Override
            public Buffer chunk(Buffer chunk) {
                return chunk;
            }

            @Override
            public Buffer end() {
                stored.forget(responseId);
                return null;
            }
        };
    }

    private final class Recorder implements AnswerWatch {
        private final Caller caller;
        private final String model;
        private final Deployment deployment;
        private final ResponseIdReader reader;
        private boolean recorded;

        Recorder(Caller caller, String model, Deployment deployment, UpstreamResponse response) {
            this.caller = caller;
            this.model = model;
            this.deployment = deployment;
            this.reader = new ResponseIdReader(response.eventStream());
        }

        @Override
        public Buffer chunk(Buffer chunk) {
            if (!recorded) {
                reader.feed(chunk);
                if (reader.id() != null) {
                    recorded = true;
                    stored.remember(stored.newRecord(reader.id(), model, deployment.home(), caller.issuer(), caller.subject()));
                }
            }
            return chunk;
        }

        @Override
        public Buffer end() {
            return null;
        }
    }
}
