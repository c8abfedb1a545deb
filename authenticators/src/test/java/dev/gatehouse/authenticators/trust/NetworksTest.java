package dev.gatehouse.authenticators.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NetworksTest {

    @ParameterizedTest
    @CsvSource({
            "203.0.113.7, 203.0.113.0/24",
            "203.0.113.255, 203.0.113.0/24",
            "0.0.0.0, 0.0.0.0/24",
            "255.255.255.255, 255.255.255.0/24",
            "10.1.2.3, 10.1.2.0/24",
    })
    void ipv4IsItsSlash24(String address, String prefix) {
        assertEquals(prefix, Networks.prefix(address));
    }

    @ParameterizedTest
    @CsvSource({
            "2001:db8:1:2:3:4:5:6, 2001:db8:1::/48",                     // full
            "2001:0db8:0001:0002:0003:0004:0005:0006, 2001:db8:1::/48", // full with leading zeros
            "2001:DB8:1::1, 2001:db8:1::/48",                            // compressed, upper case
            "2001:db8:1::, 2001:db8:1::/48",
            "2001:db8::1, 2001:db8::/48",                                // third group zero
            "2001::1, 2001::/48",
            "::1, ::/48",
            "::, ::/48",
            "0:0:1::, 0:0:1::/48",
            "fe80::1%eth0, fe80::/48",                                   // zone id
            "fe80::1%25, fe80::/48",
            "[2001:db8:1::1], 2001:db8:1::/48",                          // brackets
            "[fe80::1%eth0], fe80::/48",
            "::ffff:203.0.113.7, 203.0.113.0/24",                        // IPv4-mapped
            "::ffff:cb00:7107, 203.0.113.0/24",
            "0:0:0:0:0:ffff:203.0.113.7, 203.0.113.0/24",
            "64:ff9b::203.0.113.7, 64:ff9b::/48",                        // NAT64: IPv6
            "::203.0.113.7, ::/48",                                      // IPv4-compatible (deprecated): IPv6
            "1:2:3:4:5:6:1.2.3.4, 1:2:3::/48",
    })
    void ipv6IsItsSlash48AndMappedIpv4ItsSlash24(String address, String prefix) {
        assertEquals(prefix, Networks.prefix(address));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", " ", "garbage", "1.2.3", "1.2.3.4.5", "1.2.3.256", "01.2.3.4", "1.2.3.04", "1..3.4", "1.2.3.4.", ".1.2.3",
            "-1.2.3.4", "+1.2.3.4", "1.2.3.4:80", "1.2.3.4 ", " 1.2.3.4", "1.2.3.4/24", "0x7f.0.0.1", "2130706433",
            "\uff11.2.3.4", "\u0661.2.3.4", "[1.2.3.4]",
            "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "1::2::3", ":::", "1:::2", ":1::", "1::2:", "12345::", "g::1",
            "::ffff:1.2.3", "::ffff:1.2.3.4.5", "1:2:3:4:5:6:7:1.2.3.4", "1.2.3.4::", "::1.2.3.4:1", "fe80::1%",
            "[::1", "::1]", "[::1]:8080", "[]", "[", "::\uff11",
            "localhost", "example.com", "gatehouse.invalid", "1.2.3.4.nip.io", "abc", "cafe", "dead:beef.example",
    })
    void anythingElseIsNull(String address) {
        assertNull(Networks.prefix(address), address);
    }

    @Test
    void nullAndOverlongAreNull() {
        assertNull(Networks.prefix(null));
        assertNull(Networks.prefix("1".repeat(100_000)));
        assertNull(Networks.prefix("fe80::1%" + "e".repeat(200)));
    }

    @Test
    void neverTouchesTheResolver() throws IOException {
        // Name lookups live in java.net (InetAddress): a class that imports nothing from it cannot resolve a name.
        String source = Files.readString(Path.of(System.getProperty("gatehouse.root", ".."))
                .resolve("authenticators/src/main/java/dev/gatehouse/authenticators/trust/Networks.java"));
        assertFalse(source.contains("import java.net"), "Networks must not use java.net");
        assertFalse(source.contains("java.net.InetAddress."), "Networks must not use java.net");
    }
}
