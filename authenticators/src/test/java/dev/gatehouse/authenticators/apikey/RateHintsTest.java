package dev.gatehouse.authenticators.apikey;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RateHintsTest {

    @Test
    void remembersTheHighestSlotPerKeyInTheMinute() {
        RateHints h = new RateHints(10);
        h.took("a", 5, 3);
        h.took("a", 5, 2);
        h.took("b", 5, 7);
        assertEquals(3, h.taken("a", 5));
        assertEquals(7, h.taken("b", 5));
        assertEquals(0, h.taken("c", 5));
    }

    @Test
    void forgetsWhenTheMinuteChanges() {
        RateHints h = new RateHints(10);
        h.took("a", 5, 3);
        assertEquals(0, h.taken("a", 6));
        h.took("a", 6, 1);
        assertEquals(1, h.taken("a", 6));
        assertEquals(0, h.taken("a", 5));
        h.took("a", 5, 9); // a late request of the old minute changes nothing
        assertEquals(1, h.taken("a", 6));
    }

    @Test
    void staysWithinItsCapacity() {
        RateHints h = new RateHints(2);
        h.took("a", 1, 1);
        h.took("b", 1, 1);
        h.took("c", 1, 1);
        assertEquals(0, h.taken("c", 1));
        h.took("a", 1, 2);
        assertEquals(2, h.taken("a", 1));
    }
}
