package dev.gatehouse.authenticators.apikey;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Names of the context headers a key requires: syntax, case-insensitive identity, and the headers that may never
 * be one (their values are recorded with each use, so a credential header would put secrets in the audit log).
 * Plain Java.
 */
public final class Headers {

    public static final int MAX_NAME = 64;
    /** Context headers per key (and per realm). */
    public static final int MAX_HEADERS = 20;

    /** Credential and proxy headers, refused as context headers (lower case). */
    private static final Set<String> SENSITIVE = Set.of("authorization", "proxy-authorization", "cookie", "set-cookie",
            "x-api-key", "dpop", "forwarded");
    private static final String SENSITIVE_PREFIX = "x-forwarded-";
    /** Value prefixes that mark a credential (lower case): such a value is never recorded. */
    private static final List<String> CREDENTIAL_SCHEMES = List.of("basic ", "bearer ", "apikey ", "dpop ");
    static final String REDACTED = "[redacted]";

    private Headers() {
    }

    /** Whether the header carries credentials or proxy data: never a context header. */
    public static boolean sensitive(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return SENSITIVE.contains(n) || n.startsWith(SENSITIVE_PREFIX);
    }

    /** A valid name ({@link #validName}) that is not {@link #sensitive}. */
    public static boolean allowed(String name) {
        return validName(name) && !sensitive(name);
    }

    /**
     * A context header's value as it may be recorded: {@value #REDACTED} when it looks like a credential (an API
     * key, or a Basic/Bearer/ApiKey/DPoP authorization value), else the value.
     */
    public static String recordable(String value) {
        String v = value.strip();
        String lower = v.toLowerCase(Locale.ROOT);
        if (ApiKeyFormat.parse(v) != null || CREDENTIAL_SCHEMES.stream().anyMatch(lower::startsWith)) {
            return REDACTED;
        }
        return v;
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
