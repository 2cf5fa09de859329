package io.modelgate.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class RoleClaimPathTest {

    /** Reads {@code path} from a token whose top-level claims are {@code claims}. */
    private static Set<String> read(String path, Map<String, Object> claims) {
        return RoleClaimPath.parse(path).extract(claims::get);
    }

    @Test
    void readsTopLevelArray() {
        Set<String> roles = read("roles", Map.of("roles", List.of("basic_user", "admin")));

        assertEquals(List.of("basic_user", "admin"), List.copyOf(roles), "values in token order");
    }

    @Test
    void readsNestedPath() {
        Map<String, Object> claims = Map.of("realm_access", Map.of("roles", List.of("offline_access", "ds-team")));

        assertEquals(Set.of("offline_access", "ds-team"), read("realm_access.roles", claims));
    }

    @Test
    void quotedSegmentMayContainDots() {
        Map<String, Object> claims = Map.of("resource_access", Map.of(
                "my.client", Map.of("roles", List.of("client-role")),
                "my", Map.of("client", Map.of("roles", List.of("wrong")))));

        assertEquals(Set.of("client-role"), read("resource_access.\"my.client\".roles", claims));
        assertEquals("resource_access", RoleClaimPath.parse("resource_access.\"my.client\".roles").topLevelClaim());
    }

    @Test
    void quotedFirstSegmentNamesAUriStyleClaim() {
        Map<String, Object> claims = Map.of("https://example.com/roles", List.of("basic_user"));

        assertEquals(Set.of("basic_user"), read("\"https://example.com/roles\"", claims));
    }

    @Test
    void spaceSeparatedStringGivesSeveralValues() {
        Map<String, Object> claims = Map.of("scp", "  models.read \t models.write  openid ");

        assertEquals(List.of("models.read", "models.write", "openid"), List.copyOf(read("scp", claims)));
    }

    @Test
    void missingPathGivesNoValues() {
        Map<String, Object> claims = Map.of("realm_access", Map.of("other", List.of("x")), "sub", "user-1");

        assertTrue(read("roles", claims).isEmpty(), "absent top-level claim");
        assertTrue(read("realm_access.roles", claims).isEmpty(), "absent nested claim");
        assertTrue(read("sub.roles", claims).isEmpty(), "path through a string, not an object");
    }

    @Test
    void nonStringArrayItemsAndBlankItemsAreIgnored() {
        Map<String, Object> claims = Map.of("roles",
                Arrays.asList("basic_user", 42, null, true, Map.of("role", "nested"), List.of("inner"), " ", "admin"));

        assertEquals(Set.of("basic_user", "admin"), read("roles", claims));
    }

    @Test
    void nonStringValueAtPathGivesNoValues() {
        assertTrue(read("roles", Map.of("roles", 7)).isEmpty());
        assertTrue(read("roles", Map.of("roles", Map.of("basic_user", true))).isEmpty());
    }

    @Test
    void duplicateValuesAreReportedOnce() {
        assertEquals(List.of("a", "b"), List.copyOf(read("roles", Map.of("roles", List.of("a", "b", "a")))));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   ", "a..b", ".roles", "roles.", "a.\"\".b", "resource_access.\"my.client.roles",
            "\"unclosed"})
    void malformedPathsAreRejected(String path) {
        assertThrows(IllegalArgumentException.class, () -> RoleClaimPath.parse(path));
    }

    @Test
    void rejectionSaysWhatIsWrong() {
        IllegalArgumentException unclosed = assertThrows(IllegalArgumentException.class,
                () -> RoleClaimPath.parse("a.\"b"));
        assertTrue(unclosed.getMessage().contains("unclosed quote"), unclosed.getMessage());

        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> RoleClaimPath.parse("a..b"));
        assertTrue(empty.getMessage().contains("empty segment"), empty.getMessage());
    }

    @Test
    void pathsWithTheSameTextAreEqual() {
        assertEquals(RoleClaimPath.parse("realm_access.roles"), RoleClaimPath.parse(" realm_access.roles "));
        assertEquals("realm_access.roles", RoleClaimPath.parse(" realm_access.roles ").toString());
    }
}
