package dev.gatehouse.authenticators.apikey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class KeyScopesTest {

    private static final Set<String> HELD = Set.of("user", "reports.read", "billing.view");

    @Test
    void aSubsetHasNothingMissing() {
        assertEquals(List.of(), KeyScopes.notHeld(List.of("user", "reports.read"), HELD));
        assertEquals(List.of(), KeyScopes.notHeld(List.of(), HELD));
    }

    @Test
    void namesWhatTheOwnerDoesntHoldInRequestOrder() {
        assertEquals(List.of("admin", "reports.write"),
                KeyScopes.notHeld(List.of("admin", "user", "reports.write", "admin"), HELD));
    }

    @Test
    void aLostRoleIsLostForTheKey() {
        assertEquals(Set.of("user"), KeyScopes.effective(List.of("user", "reports.read"), Set.of("user")));
        assertEquals(List.of("reports.read", "user"),
                List.copyOf(KeyScopes.effective(List.of("reports.read", "user"), HELD)));
    }

    @Test
    void emptyMeansNoneNotAll() {
        assertEquals(Set.of(), KeyScopes.effective(List.of(), HELD));
        assertFalse(KeyScopes.covers(Set.of(), List.of("user")));
    }

    @Test
    void coversWhatIsAskedOnly() {
        assertTrue(KeyScopes.covers(Set.of("user", "reports.read"), List.of("user")));
        assertTrue(KeyScopes.covers(Set.of("user"), List.of()));
        assertFalse(KeyScopes.covers(Set.of("user"), List.of("user", "admin")));
    }
}
