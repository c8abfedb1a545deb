package dev.gatehouse.audit.delivery;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Locale;

/**
 * Which addresses a webhook may reach (the server option {@code webhook-allow-private}, default false). Refused
 * unless allowed: loopback, the unspecified address, private (RFC 1918), shared (100.64.0.0/10, some clouds'
 * metadata), link-local (169.254.0.0/16 with the cloud metadata address, fe80::/10), unique-local (fc00::/7, AWS's
 * IPv6 metadata fd00:ec2::254), 0.0.0.0/8 and multicast. IPv4-mapped IPv6 addresses are judged as IPv4 (Java
 * resolves them to {@link Inet4Address}).
 */
public final class AddressPolicy {

    private final boolean allowPrivate;

    public AddressPolicy(boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    public boolean allowPrivate() {
        return allowPrivate;
    }

    /** Whether a webhook may connect to this (resolved) address. */
    public boolean permits(InetAddress a) {
        return allowPrivate || !isInternal(a);
    }

    /** Whether {@code host} (as written in a URL) is a literal internal address or localhost, refused at save time. */
    public boolean refusesLiteral(String host) {
        if (allowPrivate || host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.equals("localhost") || h.endsWith(".localhost")) {
            return true;
        }
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (!h.matches("[0-9.]+|[0-9a-f:.]*:[0-9a-f:.]*")) {
            return false; // a name: judged on its resolved addresses when sending
        }
        try {
            return isInternal(InetAddress.getByName(h)); // a literal: no lookup
        } catch (java.net.UnknownHostException e) {
            return true;
        }
    }

    static boolean isInternal(InetAddress a) {
        if (a.isLoopbackAddress() || a.isAnyLocalAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress() || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0 || (first == 100 && second >= 64 && second < 128);
        }
        if (a instanceof Inet6Address) {
            return (b[0] & 0xfe) == 0xfc;
        }
        return false;
    }
}
