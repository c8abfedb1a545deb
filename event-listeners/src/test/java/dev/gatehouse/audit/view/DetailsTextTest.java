package dev.gatehouse.audit.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

class DetailsTextTest {

    @Test
    void detailsAreLowerCaseKeyValuePairsInKeyOrder() {
        assertEquals("auth_method=openid-connect username=alice",
                DetailsText.of(Map.of("username", "Alice", "auth_method", "openid-connect"), null, null));
    }

    @Test
    void adminRecordsAreSearchableByResource() {
        assertEquals("resourcetype=user resourcepath=users/42", DetailsText.of(Map.of(), "USER", "users/42"));
        assertNull(DetailsText.of(null, null, null));
    }

    @Test
    void aPaddedEarlyValueCannotHideALaterKey() {
        String text = DetailsText.of(Map.of("redirect_uri", "https://evil.example/" + "x".repeat(2000), "username", "alice"), null, null);
        assertTrue(text.contains("username=alice"), text);
        assertTrue(text.length() <= DetailsText.MAX);
    }

    @Test
    void longDetailsAreClipped() {
        Map<String, String> many = new java.util.TreeMap<>();
        for (int i = 0; i < 50; i++) {
            many.put("k" + i, "v".repeat(200));
        }
        assertEquals(DetailsText.MAX, DetailsText.of(many, null, null).length());
    }
}
