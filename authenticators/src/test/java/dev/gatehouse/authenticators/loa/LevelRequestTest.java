package dev.gatehouse.authenticators.loa;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LevelRequestTest {

    @Test
    void aWishBelowTheReachedLevelPassesAtThatLevel() {
        assertFalse(new LevelRequest(2, false).refuses(1));
    }

    @Test
    void aDemandIsRefusedBelowItsLevelOnly() {
        assertTrue(new LevelRequest(2, true).refuses(1));
        assertTrue(new LevelRequest(2, true).refuses(-1));
        assertFalse(new LevelRequest(2, true).refuses(2));
        assertFalse(new LevelRequest(1, true).refuses(2));
    }

    @Test
    void noRequestIsNeverRefused() {
        assertFalse(new LevelRequest(-1, false).refuses(-1));
    }
}
