package io.modelgate.control;

import io.modelgate.testing.PolicyReading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A bootstrap file that cannot be used stops start-up with a message naming the file and the field. */
class PolicyBootstrapTest {

    @TempDir
    Path dir;

    @Test
    void aBadFileStopsStartUpNamingTheField() throws IOException {
        Path file = Files.writeString(dir.resolve("litellm.yaml"), """
                model_list:
                  - model_name: good
                    litellm_params: {model: mock/good}
                  - model_name: bad
                    litellm_params: {model: bedrock/claude}
                """);
        PolicyBootstrap.BootstrapException e = assertThrows(PolicyBootstrap.BootstrapException.class,
                () -> bootstrap(file.toString()).onStart(null));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("model_list[1].litellm_params.model"), e.getMessage());
        assertTrue(e.getMessage().contains("bedrock"), e.getMessage());
    }

    @Test
    void aMissingFileStopsStartUp() {
        PolicyBootstrap.BootstrapException e = assertThrows(PolicyBootstrap.BootstrapException.class,
                () -> bootstrap(dir.resolve("absent.yaml").toString()).onStart(null));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void aMissingClasspathResourceStopsStartUp() {
        PolicyBootstrap.BootstrapException e = assertThrows(PolicyBootstrap.BootstrapException.class,
                () -> bootstrap("classpath:nowhere/none.yaml").onStart(null));
        assertTrue(e.getMessage().contains("not found on the classpath"), e.getMessage());
    }

    /** The file is read and validated before the store is touched, so none is needed here. */
    private static PolicyBootstrap bootstrap(String location) {
        return new PolicyBootstrap(() -> Optional.of(location), PolicyReading.FORMAT, null, null);
    }
}
