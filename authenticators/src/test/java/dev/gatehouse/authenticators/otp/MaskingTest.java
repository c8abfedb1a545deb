package dev.gatehouse.authenticators.otp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MaskingTest {

    @Test
    void emailKeepsFirstAndLastLetterAndTheTopLevelDomain() {
        assertEquals("a***e@e***.com", Masking.email("alice@example.com"));
    }

    @Test
    void phoneKeepsCountryCodeAndLastTwoDigits() {
        assertEquals("+49 *** 89", Masking.phone("+4915123456789"));
        assertEquals("+1 *** 00", Masking.phone("+16502530000"));
        assertEquals("+353 *** 67", Masking.phone("+353851234567"));
        assertEquals("+33 *** 78", Masking.phone("+33612345678"));
    }

    @Test
    void phoneMasksWholeWhatItCannotReadSafely() {
        assertEquals("***", Masking.phone(null));
        assertEquals("***", Masking.phone(""));
        assertEquals("***", Masking.phone("+"));
        assertEquals("***", Masking.phone("+49"));
        assertEquals("***", Masking.phone("+4912"));
        // Too short to hide more than it shows.
        assertEquals("***", Masking.phone("+4912345"));
        // Not E.164: typed text, a number without +, an unknown country code.
        assertEquals("***", Masking.phone("0151 23456789"));
        assertEquals("***", Masking.phone("4915123456789"));
        assertEquals("***", Masking.phone("+99912345678"));
    }
}
