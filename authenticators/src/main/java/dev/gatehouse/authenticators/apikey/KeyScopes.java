package dev.gatehouse.authenticators.apikey;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The scope arithmetic of a key: never more than its owner holds, at creation and on every use. Roles are
 * qualifiers in Keycloak's convention ({@code role} for a realm role, {@code clientId.role} for a client role),
 * client scopes are names. Plain Java.
 */
public final class KeyScopes {

    private KeyScopes() {
    }

    /** The requested entries the owner doesn't hold, in request order (empty: the request is a subset). */
    public static List<String> notHeld(Collection<String> requested, Set<String> held) {
        return requested.stream().filter(r -> !held.contains(r)).distinct().toList();
    }

    /** On use: the stored entries the owner still holds, in stored order. A lost role is lost for the key too. */
    public static Set<String> effective(Collection<String> stored, Set<String> held) {
        Set<String> out = new LinkedHashSet<>();
        for (String s : stored) {
            if (held.contains(s)) {
                out.add(s);
            }
        }
        return out;
    }

    /** Whether every entry asked of the key (by a gateway or a client) is among its effective ones. */
    public static boolean covers(Set<String> effective, Collection<String> asked) {
        return asked == null || effective.containsAll(asked);
    }
}
