package dev.gatehouse.vault;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code ${vault.…}} references found in a realm's settings, each with where it is used
 * ({@code smtp:password}, {@code identity-provider:upstream:clientSecret}, …). Only values Keycloak itself would
 * resolve through the vault are kept: anything else, a plain secret above all, is never recorded.
 */
public final class ReferenceInventory {

    /**
     * Keycloak's own test ({@code org.keycloak.vault.DefaultVaultTranscriber}): the whole value is the expression,
     * so {@code " ${vault.x}"} or {@code "a${vault.x}"} is a literal to Keycloak and not listed here either.
     */
    private static final Pattern EXPRESSION = Pattern.compile("^\\$\\{vault\\.(.+?)}$");

    private final SortedMap<String, SortedSet<String>> found = new TreeMap<>();

    /** The id inside {@code ${vault.ID}} when the value is such an expression, else empty. */
    public static Optional<String> reference(String value) {
        if (value == null) {
            return Optional.empty();
        }
        Matcher m = EXPRESSION.matcher(value);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** Records {@code value} at {@code location} if it is a vault expression. */
    public ReferenceInventory add(String location, String value) {
        reference(value).ifPresent(id -> found.computeIfAbsent(id, k -> new TreeSet<>()).add(location));
        return this;
    }

    /** Every entry of a config map, at {@code prefix + ":" + key}. */
    public ReferenceInventory addAll(String prefix, Map<String, String> config) {
        if (config != null) {
            config.forEach((key, value) -> add(prefix + ":" + key, value));
        }
        return this;
    }

    /** Reference → its locations, both sorted. */
    public SortedMap<String, SortedSet<String>> references() {
        return Collections.unmodifiableSortedMap(found);
    }
}
