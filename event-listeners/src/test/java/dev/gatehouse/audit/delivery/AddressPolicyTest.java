package dev.gatehouse.audit.delivery;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;

class AddressPolicyTest {

    static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal); // literals only: no DNS
    }

    @Test
    void internalAddressesAreRefusedByDefault() throws Exception {
        AddressPolicy p = new AddressPolicy(false);
        for (String a : new String[] {"127.0.0.1", "127.9.9.9", "::1", "0.0.0.0", "::", "0.1.2.3", "10.0.0.5", "172.16.0.1",
                "172.31.255.255", "192.168.1.1", "169.254.169.254", "100.100.100.200", "fe80::1", "fc00::1", "fd00:ec2::254",
                "::ffff:10.0.0.5", "::ffff:169.254.169.254", "224.0.0.1"}) {
            assertFalse(p.permits(ip(a)), a);
        }
        for (String a : new String[] {"93.184.215.14", "172.32.0.1", "100.128.0.1", "2606:4700::1111", "8.8.8.8"}) {
            assertTrue(p.permits(ip(a)), a);
        }
    }

    @Test
    void theServerOptionAllowsThemForTestsAndDev() throws Exception {
        AddressPolicy p = new AddressPolicy(true);
        assertTrue(p.permits(ip("127.0.0.1")));
        assertTrue(p.permits(ip("169.254.169.254")));
        assertFalse(p.refusesLiteral("localhost"));
    }

    @Test
    void literalHostsAreRefusedAtSaveTimeNamesWhenSending() {
        AddressPolicy p = new AddressPolicy(false);
        for (String h : new String[] {"localhost", "LOCALHOST", "app.localhost", "127.0.0.1", "[::1]", "10.1.2.3", "169.254.169.254",
                "[fd00:ec2::254]", "[::ffff:127.0.0.1]"}) {
            assertTrue(p.refusesLiteral(h), h);
        }
        for (String h : new String[] {"siem.example.com", "8.8.8.8", "[2606:4700::1111]", "kubernetes.default.svc"}) {
            assertFalse(p.refusesLiteral(h), h);
        }
    }
}
