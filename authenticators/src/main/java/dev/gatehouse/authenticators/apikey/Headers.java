package dev.gatehouse.authenticators.apikey;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Names of the context headers a key requires: syntax and case-insensitive identity. Plain Java. */
public final class Headers {

    public static final int MAX_NAME = 64;

    private Headers() {
    }

    /** Letters, digits and '-', starting with a letter, at most 64 characters. */
    public static boolean validName(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_NAME || !Character.isLetter(name.charAt(0))) {
            return false;
        }
        return name.chars().allMatch(c -> c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-');
    }

    /** The names without case-insensitive repeats, first spelling kept, in order. */
    public static List<String> canonical(List<String> names) {
        Set<String> seen = new LinkedHashSet<>();
        List<String> out = new ArrayList<>();
        for (String n : names) {
            if (seen.add(n.toLowerCase(Locale.ROOT))) {
                out.add(n);
            }
        }
        return List.copyOf(out);
    }

    /** The realm's names then the key's, without repeats. */
    public static List<String> union(List<String> realm, List<String> key) {
        List<String> all = new ArrayList<>(realm);
        all.addAll(key);
        return canonical(all);
    }
}
