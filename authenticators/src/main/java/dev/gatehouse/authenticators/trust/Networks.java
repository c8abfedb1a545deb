package dev.gatehouse.authenticators.trust;

/** The network an address belongs to, for the optional binding. Plain Java. */
public final class Networks {

    private Networks() {
    }

    /**
     * "203.0.113.0/24" for IPv4, "2001:db8:1::/48" for IPv6 (an IPv4-mapped IPv6 address counts as IPv4); null
     * for anything that isn't an IP literal. Never resolves names.
     */
    public static String prefix(String address) {
        throw new UnsupportedOperationException("lane trustcore");
    }
}
