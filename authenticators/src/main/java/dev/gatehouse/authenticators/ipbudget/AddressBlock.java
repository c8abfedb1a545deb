package dev.gatehouse.authenticators.ipbudget;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.StringJoiner;

import dev.gatehouse.authenticators.trust.Networks;

/**
 * Which budget a client address spends. Plain Java.
 *
 * <p>IPv4: the address itself. A /24 would make one customer behind a carrier-grade NAT or an office pay for its
 * neighbours, and an attacker who owns many IPv4 addresses is slowed by each of them anyway. IPv6: the /64, the
 * smallest prefix a provider hands to one subscriber (RFC 6177): anyone holding a /64 can use 2^64 addresses, so
 * counting per address would not count at all. An IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}) is the IPv4
 * address. Text that is no IP literal (Keycloak always gives one) counts as itself.
 */
public final class AddressBlock {

    private AddressBlock() {
    }

    /** "203.0.113.7", "2001:db8:0:1::/64" (lower-case hex, no zero compression), or the text itself. */
    public static String of(String remoteAddress) {
        int[] g = Networks.groups(remoteAddress);
        if (g == null) {
            return remoteAddress == null ? "" : remoteAddress;
        }
        if (Networks.isV4(g)) {
            return (g[6] >> 8) + "." + (g[6] & 0xff) + "." + (g[7] >> 8) + "." + (g[7] & 0xff);
        }
        StringJoiner s = new StringJoiner(":", "", "::/64");
        for (int i = 0; i < 4; i++) {
            s.add(Integer.toHexString(g[i]));
        }
        return s.toString();
    }

    /**
     * The block as it appears in counter keys: SHA-256 of the realm id and the block, so the replicated store and
     * its logs hold no address in clear. This is pseudonymisation, not secrecy: the IPv4 space is small enough to
     * hash every address, which is why the realm id is in the hash (a table for one realm is useless for another).
     */
    public static String key(String realmId, String remoteAddress) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(realmId.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            return HexFormat.of().formatHex(sha.digest(of(remoteAddress).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
