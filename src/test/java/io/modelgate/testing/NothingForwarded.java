package io.modelgate.testing;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** For tests of refused requests: each starts with the recording upstream cleared and ends asserting it saw nothing. */
public class NothingForwarded implements BeforeEachCallback, AfterEachCallback {

    @Override
    public void beforeEach(ExtensionContext context) {
        TestUpstream.current().clear();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        assertEquals(List.of(), TestUpstream.current().requests(), "a refused request reached the upstream");
    }
}
