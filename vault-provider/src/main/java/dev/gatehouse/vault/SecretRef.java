package dev.gatehouse.vault;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a {@code ${vault.…}} expression asks for: {@code [backend:]name[@version][#field]}. The name is relative
 * to the realm's scope ({@link SecretNames}); version is an AWS version stage or id, or a Vault KV version; field
 * picks one top-level field of a JSON secret.
 */
public record SecretRef(String backend, String name, String version, String field) {

    private static final Pattern SYNTAX = Pattern.compile(
            "^(?:([a-z][a-z0-9-]{0,30}):)?([^@#:]+)(?:@([A-Za-z0-9_-]{1,64}))?(?:#([A-Za-z0-9_.-]{1,128}))?$");
    private static final Pattern SEGMENT = Pattern.compile("^[A-Za-z0-9_+=.-]{1,128}$");

    /**
     * @throws IllegalArgumentException with a message fit for the admin's log, for syntax errors, path traversal
     *                                  and characters backends reject
     */
    public static SecretRef parse(String id) {
        if (id == null || id.length() > 512) {
            throw new IllegalArgumentException("empty or over-long vault reference");
        }
        Matcher m = SYNTAX.matcher(id);
        if (!m.matches()) {
            throw new IllegalArgumentException("not [backend:]name[@version][#field]");
        }
        String name = m.group(2);
        if (name.startsWith("/") || name.endsWith("/")) {
            throw new IllegalArgumentException("the name may not start or end with '/'");
        }
        for (String segment : name.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("path traversal ('" + segment + "') is not allowed in a secret name");
            }
            if (!SEGMENT.matcher(segment).matches()) {
                throw new IllegalArgumentException("secret names use letters, digits and _ + = . - between single '/'");
            }
        }
        return new SecretRef(m.group(1), name, m.group(3), m.group(4));
    }

    /** The cache key: everything that changes what the backend returns. */
    public String cacheKey(String realm, String resolvedBackend) {
        return resolvedBackend + "\u0000" + realm + "\u0000" + name + "\u0000" + (version == null ? "" : version) + "\u0000"
                + (field == null ? "" : field);
    }
}
