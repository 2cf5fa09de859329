package io.modelgate.e2e;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * The operator UI in a browser against the packaged application: with -Pnative this proves the Qute pages,
 * the OIDC code flow and the CSRF filter work in the native executable too.
 */
@QuarkusIntegrationTest
class OperatorUiIT extends OperatorUiTest {
}
