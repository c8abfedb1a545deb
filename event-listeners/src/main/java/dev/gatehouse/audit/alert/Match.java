package dev.gatehouse.audit.alert;

import java.util.Map;
import java.util.Set;

/**
 * Which records a rule counts. Every field that is set must hold; a field with several values holds when the
 * record's value equals one of them. Comparison is exact (case-sensitive, no wildcards): simple to read and to
 * audit. {@code details} maps a detail key to its accepted values.
 */
public record Match(Set<String> kinds, Set<String> types, Set<String> resourceTypes, Outcome outcome, Set<String> errors,
                    Set<String> clients, Set<String> users, Set<String> ips, Map<String, Set<String>> details) {

    public enum Outcome { ANY, SUCCESS, ERROR }

    public Match {
        kinds = Set.copyOf(kinds);
        types = Set.copyOf(types);
        resourceTypes = Set.copyOf(resourceTypes);
        errors = Set.copyOf(errors);
        clients = Set.copyOf(clients);
        users = Set.copyOf(users);
        ips = Set.copyOf(ips);
        details = Map.copyOf(details);
    }

    public boolean matches(AlertRecord r) {
        if (r.isAlert()) {
            return false;
        }
        boolean outcomeOk = switch (outcome) {
            case ANY -> true;
            case SUCCESS -> r.error() == null;
            case ERROR -> r.error() != null;
        };
        return outcomeOk && in(kinds, r.kind()) && in(types, r.type()) && in(resourceTypes, r.resourceType())
                && in(errors, r.error()) && in(clients, r.client()) && in(users, r.user()) && in(ips, r.ip())
                && details.entrySet().stream().allMatch(d -> in(d.getValue(), r.details().get(d.getKey())));
    }

    private static boolean in(Set<String> accepted, String value) {
        return accepted.isEmpty() || (value != null && accepted.contains(value));
    }
}
