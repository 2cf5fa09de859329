package io.modelgate.store;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

import java.time.Duration;

/**
 * A {@link BackgroundWriter} outside Quarkus, for unit tests of the classes that queue records for it (its constructor
 * and its shutdown are package-private): Bean Validation bootstrapped by hand, the database played by each queue's
 * {@link WriteQueue.Writes}.
 */
public final class TestBackgroundWriter {

    static final Validator VALIDATOR = Validation.byDefaultProvider().configure()
            .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory().getValidator();

    private TestBackgroundWriter() {
    }

    public static BackgroundWriter start(MeterRegistry registry, Duration shutdownFlushTimeout) {
        return new BackgroundWriter(registry, VALIDATOR, () -> shutdownFlushTimeout);
    }

    /** Writes out everything queued, on the calling thread, and stops the queues' threads: what a graceful shutdown does. */
    public static void writeOut(BackgroundWriter writer) {
        writer.stop(null);
    }
}
