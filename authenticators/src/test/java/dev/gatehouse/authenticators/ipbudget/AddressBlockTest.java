package dev.gatehouse.authenticators.ipbudget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class AddressBlockTest {

    @ParameterizedTest
    @CsvSource({
            "203.0.113.7, 203.0.113.7",
            "::ffff:203.0.113.7, 203.0.113.7",
            "::ffff:cb00:7107, 203.0.113.7",
            "[::ffff:203.0.113.7], 203.0.113.7",
            "2001:db8:0:1:aaaa:bbbb:cccc:dddd, 2001:db8:0:1::/64",
            "2001:DB8::1:0:0:0:1, 2001:db8:0:1::/64",
            "[2001:db8::1], 2001:db8:0:0::/64",
            "fe80::1%eth0, fe80:0:0:0::/64",
            "::1, 0:0:0:0::/64",
    })
    void countsIpv4PerAddressAndIpv6PerSlash64(String address, String block) {
        assertEquals(block, AddressBlock.of(address));
    }

    @Test
    void rotatingThroughASlash64StaysInOneBudget() {
        assertEquals(AddressBlock.key("r", "2001:db8:0:1::1"), AddressBlock.key("r", "2001:db8:0:1:ffff:ffff:ffff:ffff"));
        assertNotEquals(AddressBlock.key("r", "2001:db8:0:1::1"), AddressBlock.key("r", "2001:db8:0:2::1"));
    }

    @Test
    void neighbouringIpv4AddressesHaveTheirOwnBudget() {
        assertNotEquals(AddressBlock.key("r", "203.0.113.7"), AddressBlock.key("r", "203.0.113.8"));
        assertEquals(AddressBlock.key("r", "203.0.113.7"), AddressBlock.key("r", "::ffff:203.0.113.7"));
    }

    @Test
    void keysHoldNoAddressAndDifferPerRealm() {
        String key = AddressBlock.key("realm-a", "203.0.113.7");
        assertFalse(key.contains("203"), key);
        assertTrue(key.matches("[0-9a-f]{64}"), key);
        assertNotEquals(key, AddressBlock.key("realm-b", "203.0.113.7"));
    }

    @Test
    void textThatIsNoAddressCountsAsItself() {
        assertEquals("unknown", AddressBlock.of("unknown"));
        assertEquals("", AddressBlock.of(null));
        assertEquals(AddressBlock.key("r", "010.0.0.1"), AddressBlock.key("r", "010.0.0.1"));
        assertNotEquals(AddressBlock.key("r", "010.0.0.1"), AddressBlock.key("r", "10.0.0.1"));
    }
}
