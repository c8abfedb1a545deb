package dev.gatehouse.authenticators.apikey;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CidrsTest {

    @Test
    void emptyAllowsEveryAddress() {
        assertTrue(Cidrs.parse(List.of()).allows("203.0.113.7"));
        assertTrue(Cidrs.parse(List.of()).allows("not an address"));
    }

    @ParameterizedTest
    @CsvSource({
            "203.0.113.0/24, 203.0.113.7, true",
            "203.0.113.0/24, 203.0.114.7, false",
            "203.0.113.7, 203.0.113.7, true",
            "203.0.113.7, 203.0.113.8, false",
            "203.0.113.7/32, 203.0.113.7, true",
            "10.0.0.0/8, 10.255.255.255, true",
            "10.0.0.0/8, 11.0.0.0, false",
            "0.0.0.0/0, 198.51.100.1, true",
            "192.168.0.0/17, 192.168.127.1, true",
            "192.168.0.0/17, 192.168.128.1, false",
            // An IPv4-mapped IPv6 address is its IPv4 address.
            "203.0.113.0/24, ::ffff:203.0.113.7, true",
            "203.0.113.0/24, [::ffff:cb00:7107], true",
            "::ffff:203.0.113.0/120, 203.0.113.9, true",
            // IPv6
            "2001:db8::/32, 2001:db8:1::1, true",
            "2001:db8::/32, 2001:db9::1, false",
            "2001:db8:1:2::/64, 2001:db8:1:2:ffff::1, true",
            "2001:db8:1:2::/63, 2001:db8:1:3::1, true",
            "2001:db8:1:2::/64, 2001:db8:1:3::1, false",
            "::1, ::1, true",
            "::1/128, ::2, false",
            "::/0, 2001:db8::1, true",
            // IPv4 ranges don't match IPv6 addresses outside the mapped space, and back.
            "0.0.0.0/0, 2001:db8::1, false",
            "2001:db8::/32, 203.0.113.7, false",
    })
    void matches(String range, String address, boolean allowed) {
        assertTrue(Cidrs.valid(range));
        assertTrue(Cidrs.parse(List.of(range)).allows(address) == allowed, range + " / " + address);
    }

    @Test
    void anyRangeOfSeveralAllows() {
        Cidrs c = Cidrs.parse(List.of("10.0.0.0/8", "2001:db8::/32"));
        assertTrue(c.allows("10.1.1.1"));
        assertTrue(c.allows("2001:db8::5"));
        assertFalse(c.allows("192.0.2.1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "example.com", "", "10.0.0.0/", "10.0.0.0/33", "2001:db8::/129",
            "10.0.0.0/-1", "10.0.0.0/8/8", "010.0.0.1", "10.0.0", "10.0.0.0/1000", "1.2.3.4/ 8"})
    void refusesWhatIsNotARange(String entry) {
        assertFalse(Cidrs.valid(entry));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cidrs.parse(List.of(entry)));
        assertTrue(e.getMessage().startsWith("not an address range"));
    }

    @Test
    void anAddressThatIsNoLiteralIsNotAllowedAndNeverLookedUp() {
        Cidrs c = Cidrs.parse(List.of("0.0.0.0/0"));
        assertFalse(c.allows("localhost"));
        assertFalse(c.allows(null));
        assertFalse(c.allows(""));
    }

    @Test
    void refusesTooManyEntries() {
        assertThrows(IllegalArgumentException.class,
                () -> Cidrs.parse(Collections.nCopies(Cidrs.MAX_ENTRIES + 1, "10.0.0.0/8")));
    }

    @Test
    void unprintableInputIsNotQuoted() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Cidrs.parse(List.of("bad\u0000range")));
        assertFalse(e.getMessage().contains("bad"));
    }
}
