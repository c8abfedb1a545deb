package dev.gatehouse.authenticators.apikey;

import java.util.ArrayList;
import java.util.List;

import dev.gatehouse.authenticators.trust.Networks;

/**
 * A key's address allowlist in CIDR form (IPv4 and IPv6; an IPv4-mapped IPv6 address matches its IPv4 range).
 * Empty: every address. Parsed without DNS ({@link Networks#groups}). Plain Java.
 */
public final class Cidrs {

    public static final int MAX_ENTRIES = 100;

    private final List<Range> ranges;

    private record Range(int[] groups, int bits) {
    }

    private Cidrs(List<Range> ranges) {
        this.ranges = ranges;
    }

    /**
     * @throws IllegalArgumentException naming the first entry that isn't {@code address} or {@code address/bits}
     */
    public static Cidrs parse(List<String> entries) {
        if (entries.size() > MAX_ENTRIES) {
            throw new IllegalArgumentException("at most " + MAX_ENTRIES + " address ranges");
        }
        List<Range> out = new ArrayList<>();
        for (String e : entries) {
            Range r = range(e);
            if (r == null) {
                throw new IllegalArgumentException("not an address range: " + Printable.quote(e));
            }
            out.add(r);
        }
        return new Cidrs(List.copyOf(out));
    }

    /** Whether the entry is {@code address} or {@code address/bits}. */
    public static boolean valid(String entry) {
        return range(entry) != null;
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** Whether the address is allowed: no ranges, or inside one. An address that isn't an IP literal is not. */
    public boolean allows(String address) {
        if (ranges.isEmpty()) {
            return true;
        }
        int[] g = Networks.groups(address);
        return g != null && ranges.stream().anyMatch(r -> matches(r, g));
    }

    private static Range range(String entry) {
        if (entry == null) {
            return null;
        }
        String e = entry.strip();
        int slash = e.indexOf('/');
        String address = slash < 0 ? e : e.substring(0, slash);
        int[] g = Networks.groups(address);
        if (g == null) {
            return null;
        }
        boolean v4 = Networks.isV4(g) && address.indexOf(':') < 0;
        int max = v4 ? 32 : 128;
        int bits = max;
        if (slash >= 0) {
            String b = e.substring(slash + 1);
            if (b.isEmpty() || b.length() > 3 || !b.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return null;
            }
            bits = Integer.parseInt(b);
            if (bits > max) {
                return null;
            }
        }
        // In the 128-bit space of groups: an IPv4 range sits under ::ffff:0:0/96.
        return new Range(g, v4 ? 96 + bits : bits);
    }

    private static boolean matches(Range r, int[] g) {
        int bits = r.bits();
        for (int i = 0; i < 8 && bits > 0; i++, bits -= 16) {
            int mask = bits >= 16 ? 0xffff : 0xffff << (16 - bits) & 0xffff;
            if ((r.groups()[i] & mask) != (g[i] & mask)) {
                return false;
            }
        }
        return true;
    }
}
