package dev.gatehouse.audit.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

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
    void longDetailsAreClipped() {
        assertEquals(DetailsText.MAX, DetailsText.of(Map.of("k", "v".repeat(5000)), null, null).length());
    }
}
