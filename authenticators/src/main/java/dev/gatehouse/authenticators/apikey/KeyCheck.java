package dev.gatehouse.authenticators.apikey;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The ordered checks of a found key, after the address budget, the format and the lookup, and before the rate
 * limit (those need the cluster's counters and the store, so the glue runs them): revoked or credential gone,
 * expired, owner disabled, address allowlist, context headers, scope. The first that fails is the refusal. Plain Java.
 */
public final class KeyCheck {

    private KeyCheck() {
    }

    /**
     * What the checks look at.
     *
     * @param key               the stored key
     * @param credentialPresent whether its Keycloak credential still exists
     * @param ownerEnabled      whether its owner is enabled
     * @param now               the server's time (Keycloak's clock, so its offset applies)
     * @param address           the client address
     * @param header            a request header's value by name (case-insensitive), null when absent
     * @param realmHeaders      the realm's required headers
     * @param roles             the key's effective roles ({@link KeyScopes#effective})
     * @param scopes            the key's effective client scopes
     * @param askedRoles        roles the gateway or client asks of the key
     * @param askedScopes       client scopes the gateway or client asks of the key
     */
    public record Facts(ApiKeyRecord key, boolean credentialPresent, boolean ownerEnabled, Instant now, String address,
                        Function<String, String> header, List<String> realmHeaders, Set<String> roles,
                        Set<String> scopes, Collection<String> askedRoles, Collection<String> askedScopes) {
    }

    /** The first refusal in order, or null when the key passes these checks. */
    public static Refusal check(Facts f) {
        if (f.key().revoked() || !f.credentialPresent()) {
            return Refusal.REVOKED;
        }
        if (f.key().expired(f.now())) {
            return Refusal.EXPIRED;
        }
        if (!f.ownerEnabled()) {
            return Refusal.OWNER_DISABLED;
        }
        if (!allowed(f.key().allowedCidrs(), f.address())) {
            return Refusal.IP_REFUSED;
        }
        if (!missingHeaders(f).isEmpty()) {
            return Refusal.CONTEXT_MISSING;
        }
        if (!KeyScopes.covers(f.roles(), f.askedRoles()) || !KeyScopes.covers(f.scopes(), f.askedScopes())) {
            return Refusal.OUT_OF_SCOPE;
        }
        return null;
    }

    /** A stored allowlist that doesn't parse (edited by hand) allows nothing. */
    private static boolean allowed(List<String> cidrs, String address) {
        try {
            return Cidrs.parse(cidrs).allows(address);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The required headers (realm's, then the key's) that are absent or blank. */
    public static List<String> missingHeaders(Facts f) {
        return Headers.union(f.realmHeaders(), f.key().requiredHeaders()).stream().filter(h -> {
            String v = f.header().apply(h);
            return v == null || v.isBlank();
        }).toList();
    }
}
