package dev.gatehouse.audit.alert.keycloak;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.gatehouse.audit.alert.AlertRule;
import dev.gatehouse.audit.alert.BuiltInRules;

/** An effective rule in REST answers: where it comes from (builtin, custom, override) and what it does. */
public class AlertRuleRepresentation {

    public String id;
    public String name;
    public String source;
    /** The component holding it, null for a built-in without override. */
    public String componentId;
    public boolean enabled;
    public String trigger;
    public List<String> kind;
    public List<String> type;
    public List<String> resourceType;
    public String outcome;
    public List<String> error;
    public List<String> client;
    public List<String> user;
    public List<String> ip;
    public Map<String, List<String>> details;
    public int threshold;
    public long windowSeconds;
    public String groupBy;
    public String severity;
    public long quietSeconds;
    public int budget;

    static AlertRuleRepresentation of(BuiltInRules.Effective e, String componentId) {
        AlertRule r = e.rule();
        AlertRuleRepresentation out = new AlertRuleRepresentation();
        out.id = r.id();
        out.name = r.name();
        out.source = e.source().name().toLowerCase(java.util.Locale.ROOT);
        out.componentId = componentId;
        out.enabled = r.enabled();
        out.trigger = r.trigger().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        out.kind = sorted(r.match().kinds());
        out.type = sorted(r.match().types());
        out.resourceType = sorted(r.match().resourceTypes());
        out.outcome = r.match().outcome().name().toLowerCase(java.util.Locale.ROOT);
        out.error = sorted(r.match().errors());
        out.client = sorted(r.match().clients());
        out.user = sorted(r.match().users());
        out.ip = sorted(r.match().ips());
        out.details = new TreeMap<>();
        r.match().details().forEach((k, v) -> out.details.put(k, sorted(v)));
        out.threshold = r.threshold();
        out.windowSeconds = r.windowSeconds();
        out.groupBy = r.groupBy().label();
        out.severity = r.severity().name();
        out.quietSeconds = r.quietSeconds();
        out.budget = r.budget();
        return out;
    }

    private static List<String> sorted(java.util.Set<String> s) {
        return s.stream().sorted().toList();
    }
}
