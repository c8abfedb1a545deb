package dev.gatehouse.authenticators.apikey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

class KeyCheckTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    static ApiKeyRecord key(Instant expires, Instant revoked, List<String> cidrs, List<String> headers) {
        return new ApiKeyRecord("k1", "r1", "u1", "c1", "ci", "gatehouse_abcdef", "00", List.of("user"),
                List.of("profile"), cidrs, headers, null, NOW.minusSeconds(3600), "u1", expires, revoked,
                revoked == null ? null : "u1", null, null, null, 0, 0);
    }

    private static Function<String, String> headers(Map<String, String> values) {
        return name -> values.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    /** Facts where every check passes, then each test breaks some. */
    private static KeyCheck.Facts facts(ApiKeyRecord key, boolean credential, boolean ownerEnabled, String address,
            Map<String, String> presented, List<String> askedRoles) {
        return new KeyCheck.Facts(key, credential, ownerEnabled, NOW, address, headers(presented),
                List.of("X-Actor-User-Id"), Set.of("user"), Set.of("profile"), askedRoles, List.of());
    }

    private static final ApiKeyRecord GOOD = key(NOW.plusSeconds(60), null, List.of("10.0.0.0/8"), List.of("X-Ticket"));
    private static final Map<String, String> CTX = Map.of("x-actor-user-id", "alice", "X-TICKET", "T-1");

    @Test
    void passesWhenEverythingHolds() {
        assertNull(KeyCheck.check(facts(GOOD, true, true, "10.1.2.3", CTX, List.of("user"))));
    }

    @Test
    void revokedComesFirst() {
        ApiKeyRecord all = key(NOW.minusSeconds(1), NOW.minusSeconds(10), List.of("10.0.0.0/8"), List.of("X-Ticket"));
        assertEquals(Refusal.REVOKED, KeyCheck.check(facts(all, true, false, "192.0.2.1", Map.of(), List.of("admin"))));
    }

    @Test
    void aRemovedCredentialIsARevocation() {
        assertEquals(Refusal.REVOKED, KeyCheck.check(facts(GOOD, false, true, "10.1.2.3", CTX, List.of())));
    }

    @Test
    void expiredBeforeOwner() {
        ApiKeyRecord expired = key(NOW, null, List.of("10.0.0.0/8"), List.of());
        assertEquals(Refusal.EXPIRED, KeyCheck.check(facts(expired, true, false, "192.0.2.1", Map.of(), List.of())));
    }

    @Test
    void ownerBeforeAddress() {
        assertEquals(Refusal.OWNER_DISABLED, KeyCheck.check(facts(GOOD, true, false, "192.0.2.1", Map.of(), List.of())));
    }

    @Test
    void addressBeforeContext() {
        assertEquals(Refusal.IP_REFUSED, KeyCheck.check(facts(GOOD, true, true, "192.0.2.1", Map.of(), List.of())));
    }

    @Test
    void contextBeforeScope() {
        assertEquals(Refusal.CONTEXT_MISSING,
                KeyCheck.check(facts(GOOD, true, true, "10.1.2.3", Map.of("X-Ticket", "T-1"), List.of("admin"))));
    }

    @Test
    void aBlankHeaderIsMissing() {
        assertEquals(Refusal.CONTEXT_MISSING, KeyCheck.check(
                facts(GOOD, true, true, "10.1.2.3", Map.of("X-Actor-User-Id", "alice", "X-Ticket", " "), List.of())));
    }

    @Test
    void listsTheMissingHeadersRealmFirst() {
        assertEquals(List.of("X-Actor-User-Id", "X-Ticket"),
                KeyCheck.missingHeaders(facts(GOOD, true, true, "10.1.2.3", Map.of(), List.of())));
    }

    @Test
    void scopeLast() {
        assertEquals(Refusal.OUT_OF_SCOPE, KeyCheck.check(facts(GOOD, true, true, "10.1.2.3", CTX, List.of("admin"))));
        KeyCheck.Facts scopes = new KeyCheck.Facts(GOOD, true, true, NOW, "10.1.2.3", headers(CTX), List.of(),
                Set.of("user"), Set.of("profile"), List.of(), List.of("email"));
        assertEquals(Refusal.OUT_OF_SCOPE, KeyCheck.check(scopes));
    }

    @Test
    void anUnreadableAllowlistAllowsNothing() {
        ApiKeyRecord broken = key(NOW.plusSeconds(60), null, List.of("unreadable"), List.of());
        assertEquals(Refusal.IP_REFUSED, KeyCheck.check(facts(broken, true, true, "10.1.2.3", CTX, List.of())));
    }

    @Test
    void refusalCodesAndStatusesAreTheDocumentedOnes() {
        assertEquals(12, Refusal.values().length);
        for (Refusal r : Refusal.values()) {
            assertEquals(r.name().toLowerCase(Locale.ROOT), r.code());
        }
        assertEquals(401, Refusal.MALFORMED.status());
        assertEquals(401, Refusal.OWNER_DISABLED.status());
        assertEquals(403, Refusal.IP_REFUSED.status());
        assertEquals(403, Refusal.CLIENT_NOT_ALLOWED.status());
        assertEquals(429, Refusal.RATE_LIMITED.status());
        assertEquals(429, Refusal.IP_THROTTLED.status());
        assertEquals(503, Refusal.UNAVAILABLE.status());
    }
}
