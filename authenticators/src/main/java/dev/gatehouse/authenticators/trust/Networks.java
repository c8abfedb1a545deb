package dev.gatehouse.authenticators.trust;

import java.util.Arrays;

/**
 * The network an address belongs to, for the optional binding. Plain Java.
 *
 * <p>A hand-written parser on purpose: {@code InetAddress.getByName} looks a name up in DNS when the text is not a
 * literal, and a request's address must never cause a lookup.
 */
public final class Networks {

    private static final int MAX_LENGTH = 100;

    private Networks() {
    }

    /**
     * "203.0.113.0/24" for IPv4, "2001:db8:1::/48" for IPv6 (an IPv4-mapped IPv6 address counts as IPv4); null
     * for anything that isn't an IP literal. Never resolves names.
     *
     * <p>IPv4 is the dotted quad of decimal parts without leading zeros (so "010.0.0.1" is refused, not read as
     * octal). IPv6 may be in brackets, with a zone id ("%eth0", ignored) and an embedded IPv4 tail; the prefix is
     * written in the RFC 5952 form (lower case, zeros compressed).
     */
    public static String prefix(String address) {
        int[] g = groups(address);
        if (g == null) {
            return null;
        }
        if (isV4(g)) {
            return v4prefix(new int[] {g[6] >> 8, g[6] & 0xff, g[7] >> 8});
        }
        return v6prefix(g[0], g[1], g[2]);
    }

    /**
     * The eight 16-bit groups of an IP literal, an IPv4 address as its IPv4-mapped IPv6 form ({@code ::ffff:a.b.c.d}),
     * so that both spellings of one address give the same groups; null for anything that isn't an IP literal (the
     * same syntax as {@link #prefix}). Never resolves names.
     */
    public static int[] groups(String address) {
        if (address == null || address.isEmpty() || address.length() > MAX_LENGTH) {
            return null;
        }
        String a = address;
        boolean bracketed = a.charAt(0) == '[';
        if (bracketed) {
            if (a.length() < 2 || a.charAt(a.length() - 1) != ']') {
                return null;
            }
            a = a.substring(1, a.length() - 1);
        }
        if (a.indexOf(':') < 0) {
            if (bracketed) {
                return null; // brackets are for IPv6 only
            }
            int[] v4 = ipv4(a);
            return v4 == null ? null : new int[] {0, 0, 0, 0, 0, 0xffff, v4[0] << 8 | v4[1], v4[2] << 8 | v4[3]};
        }
        int zone = a.indexOf('%');
        if (zone >= 0) {
            if (zone == a.length() - 1) {
                return null;
            }
            a = a.substring(0, zone);
        }
        return ipv6(a);
    }

    /** Whether {@link #groups} describe an IPv4 address (IPv4-mapped). */
    public static boolean isV4(int[] g) {
        return g[0] == 0 && g[1] == 0 && g[2] == 0 && g[3] == 0 && g[4] == 0 && g[5] == 0xffff;
    }

    private static String v4prefix(int[] octets) {
        return octets[0] + "." + octets[1] + "." + octets[2] + ".0/24";
    }

    /** The first three groups then "::", the zero groups before it folded into it as RFC 5952 wants. */
    private static String v6prefix(int a, int b, int c) {
        int[] groups = {a, b, c};
        int last = 2;
        while (last >= 0 && groups[last] == 0) {
            last--;
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i <= last; i++) {
            s.append(i == 0 ? "" : ":").append(Integer.toHexString(groups[i]));
        }
        return s.append("::/48").toString();
    }

    /** Four decimal octets, or null. */
    private static int[] ipv4(String s) {
        int[] octets = new int[4];
        int part = 0;
        int start = 0;
        for (int i = 0; i <= s.length(); i++) {
            if (i == s.length() || s.charAt(i) == '.') {
                if (part == 4) {
                    return null;
                }
                int value = decimalOctet(s, start, i);
                if (value < 0) {
                    return null;
                }
                octets[part++] = value;
                start = i + 1;
            }
        }
        return part == 4 ? octets : null;
    }

    private static int decimalOctet(String s, int from, int to) {
        int length = to - from;
        if (length < 1 || length > 3 || length > 1 && s.charAt(from) == '0') {
            return -1;
        }
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value <= 255 ? value : -1;
    }

    /** Eight 16-bit groups, or null. */
    private static int[] ipv6(String s) {
        int gap = s.indexOf("::");
        if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
            return null; // "::" at most once (":::" too)
        }
        int[] head = groups(gap < 0 ? s : s.substring(0, gap), gap < 0);
        int[] tail = gap < 0 ? new int[0] : groups(s.substring(gap + 2), true);
        if (head == null || tail == null) {
            return null;
        }
        int explicit = head.length + tail.length;
        if (gap < 0 ? explicit != 8 : explicit > 7) {
            return null;
        }
        int[] g = new int[8];
        System.arraycopy(head, 0, g, 0, head.length);
        System.arraycopy(tail, 0, g, 8 - tail.length, tail.length);
        return g;
    }

    /**
     * The colon-separated hex groups of one side of "::" (empty text: none); the last may be a dotted IPv4 address
     * when {@code mayEndInV4}, counting as two groups.
     */
    private static int[] groups(String s, boolean mayEndInV4) {
        if (s.isEmpty()) {
            return new int[0];
        }
        int[] g = new int[9];
        int n = 0;
        int start = 0;
        for (int i = 0; i <= s.length(); i++) {
            if (i == s.length() || s.charAt(i) == ':') {
                if (n >= 8) {
                    return null;
                }
                String piece = s.substring(start, i);
                if (i == s.length() && mayEndInV4 && piece.indexOf('.') >= 0) {
                    int[] v4 = ipv4(piece);
                    if (v4 == null || n > 6) {
                        return null;
                    }
                    g[n++] = v4[0] << 8 | v4[1];
                    g[n++] = v4[2] << 8 | v4[3];
                } else {
                    int value = hexGroup(piece);
                    if (value < 0) {
                        return null;
                    }
                    g[n++] = value;
                }
                start = i + 1;
            }
        }
        return Arrays.copyOf(g, n);
    }

    private static int hexGroup(String s) {
        if (s.isEmpty() || s.length() > 4) {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (d < 0) {
                return -1;
            }
            value = value << 4 | d;
        }
        return value;
    }
}
