package dev.gatehouse.authenticators.apikey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class HeadersTest {

    @ParameterizedTest
    @ValueSource(strings = {"Authorization", "authorization", "Proxy-Authorization", "Cookie", "Set-Cookie",
            "X-API-Key", "x-api-key", "DPoP", "Forwarded", "X-Forwarded-For", "x-forwarded-host"})
    void credentialAndProxyHeadersAreNeverContextHeaders(String name) {
        assertTrue(Headers.validName(name));
        assertTrue(Headers.sensitive(name));
        assertFalse(Headers.allowed(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"X-Actor-User-Id", "X-Ticket-Reference", "X-Request-Id"})
    void ordinaryHeadersAreAllowed(String name) {
        assertTrue(Headers.allowed(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1abc", "X Actor", "X_Actor", "X-Actor:"})
    void badNamesAreRefused(String name) {
        assertFalse(Headers.validName(name));
    }

    @Test
    void aValueThatLooksLikeACredentialIsNeverRecorded() {
        String key = ApiKeyFormat.generate("gatehouse", new SecureRandom());
        assertEquals("[redacted]", Headers.recordable(key));
        assertEquals("[redacted]", Headers.recordable(" " + key + " "));
        assertEquals("[redacted]", Headers.recordable("Bearer eyJhbGciOi"));
        assertEquals("[redacted]", Headers.recordable("basic dXNlcjpwYXNz"));
        assertEquals("[redacted]", Headers.recordable("ApiKey " + key));
        assertEquals("TICKET-42", Headers.recordable(" TICKET-42 "));
    }

    @Test
    void namesAreComparedWithoutCase() {
        assertEquals(List.of("X-Actor", "X-Ticket"), Headers.canonical(List.of("X-Actor", "x-actor", "X-Ticket")));
        assertEquals(List.of("X-Actor", "X-Ticket"), Headers.union(List.of("X-Actor"), List.of("X-ACTOR", "X-Ticket")));
    }
}
