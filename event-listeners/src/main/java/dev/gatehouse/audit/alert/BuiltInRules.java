package dev.gatehouse.audit.alert;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules every realm with the audit listener has, each on by default. A rule component whose {@code id} is a
 * built-in's id overrides it: options it sets replace the built-in's, options it leaves out keep them, and
 * {@code enabled=false} switches it off. docs/audit-alerts.md tables these (a test keeps the table equal).
 */
public final class BuiltInRules {

    public static final String FAILED_LOGINS_USER = "builtin-failed-logins-user";
    public static final String FAILED_LOGINS_IP = "builtin-failed-logins-ip";
    public static final String LOCKOUT = "builtin-lockout";
    public static final String CODE_SENDS = "builtin-code-sends";
    public static final String CODE_THROTTLED = "builtin-code-send-throttled";
    public static final String ADMIN_GRANTS = "builtin-admin-grants";
    public static final String VAULT_FAILURE = "builtin-vault-failure";
    public static final String VAULT_EXPIRING = "builtin-vault-expiring";
    public static final String SEAL_LAG = "builtin-seal-lag";
    public static final String VERIFY_FAILURE = "builtin-verify-failure";
    public static final String DESTINATION_DISABLED = "builtin-destination-disabled";

    /**
     * Event details and error our email and SMS code steps write (authenticators' CodeStep). A send after a proven
     * factor is {@code code_sent}; before authentication (passwordless) every request is {@code code_requested}
     * with its outcome. Both carry {@code gatehouse_otp_outcome=sent} when a message went out.
     */
    static final String OTP_EVENT = "gatehouse_otp_event";
    static final String OTP_OUTCOME = "gatehouse_otp_outcome";
    static final String SEND_THROTTLED = "gatehouse_send_throttled";

    private static final List<AlertRule> ALL = List.of(
            rule(FAILED_LOGINS_USER, "Failed logins per user", Map.of("kind", "user", "type", "LOGIN_ERROR", "group-by", "user",
                    "threshold", "5", "window-seconds", "300", "quiet-seconds", "900", "severity", "WARNING")),
            rule(FAILED_LOGINS_IP, "Failed logins per IP address", Map.of("kind", "user", "type", "LOGIN_ERROR", "group-by", "ip",
                    "threshold", "20", "window-seconds", "300", "quiet-seconds", "900", "severity", "WARNING")),
            rule(LOCKOUT, "Brute-force lockout", Map.of("kind", "user",
                    "type", "USER_DISABLED_BY_TEMPORARY_LOCKOUT##USER_DISABLED_BY_PERMANENT_LOCKOUT", "group-by", "user",
                    "threshold", "1", "window-seconds", "60", "quiet-seconds", "900", "severity", "WARNING")),
            rule(CODE_SENDS, "Spike of code sends", Map.of("kind", "user", "type", "CUSTOM_REQUIRED_ACTION",
                    "details", OTP_EVENT + "=code_sent##" + OTP_EVENT + "=code_requested##" + OTP_OUTCOME + "=sent", "group-by", "none",
                    "threshold", "50", "window-seconds", "300", "quiet-seconds", "900", "severity", "WARNING")),
            rule(CODE_THROTTLED, "Code sends throttled", Map.of("kind", "user", "type", "CUSTOM_REQUIRED_ACTION_ERROR",
                    "error", SEND_THROTTLED, "group-by", "ip",
                    "threshold", "3", "window-seconds", "300", "quiet-seconds", "900", "severity", "WARNING")),
            rule(ADMIN_GRANTS, "Role or client-scope grant by an admin", Map.of("kind", "admin", "type", "CREATE",
                    "resource-type", "REALM_ROLE_MAPPING##CLIENT_ROLE_MAPPING##REALM_SCOPE_MAPPING##CLIENT_SCOPE_MAPPING##CLIENT_SCOPE_CLIENT_MAPPING",
                    "outcome", "success", "group-by", "user", "threshold", "1", "window-seconds", "60", "quiet-seconds", "60", "severity", "INFO")),
            rule(VAULT_FAILURE, "Vault access denied or failing", Map.of("kind", "system", "type", "VAULT_FETCH", "outcome", "error",
                    "group-by", "none", "threshold", "1", "window-seconds", "60", "quiet-seconds", "900", "severity", "CRITICAL")),
            // Each node reports each expiring secret once per cache-ttl: once a day is a reminder, not a flood.
            rule(VAULT_EXPIRING, "Vault secret expiring or rotating soon", Map.of("kind", "system", "type", "VAULT_SECRET_EXPIRING",
                    "group-by", "none", "threshold", "1", "window-seconds", "60", "quiet-seconds", "86400", "severity", "WARNING")),
            new AlertRule(SEAL_LAG, "Audit seal lag", true, AlertRule.Trigger.SEAL_LAG, AlertRule.defaults().match(), 60, 60,
                    GroupBy.NONE, Severity.CRITICAL, 900, Integer.parseInt(RuleOption.BUDGET.defaultValue())),
            rule(VERIFY_FAILURE, "Audit verification failed", Map.of("kind", "system", "type", "GATEHOUSE_AUDIT_VERIFY", "outcome", "error",
                    "group-by", "none", "threshold", "1", "window-seconds", "60", "quiet-seconds", "300", "severity", "CRITICAL")),
            rule(DESTINATION_DISABLED, "Alert destination disabled", Map.of("kind", "system", "type", "GATEHOUSE_DESTINATION_DISABLED",
                    "group-by", "none", "threshold", "1", "window-seconds", "60", "quiet-seconds", "0", "severity", "CRITICAL")));

    private BuiltInRules() {
    }

    private static AlertRule rule(String id, String name, Map<String, String> config) {
        Map<String, String> c = new LinkedHashMap<>(config);
        c.put(RuleOption.ID.key(), id);
        return AlertRule.parse(id, name, c, AlertRule.defaults());
    }

    public static List<AlertRule> all() {
        return ALL;
    }

    public static AlertRule byId(String id) {
        return ALL.stream().filter(r -> r.id().equals(id)).findFirst().orElse(null);
    }

    /** Where an effective rule comes from. */
    public enum Source { BUILTIN, CUSTOM, OVERRIDE }

    /** One effective rule and its source. */
    public record Effective(AlertRule rule, Source source) {
    }

    /** A rule component: its id, name and config. */
    public record Configured(String componentId, String name, Map<String, String> config) {
    }

    /**
     * The realm's effective rules: the built-ins, each replaced by its override when one exists, then the custom
     * rules. A component that doesn't parse (written around validation, e.g. straight into the database) is left
     * out and handed to {@code invalid}, so one bad rule can't stop the others.
     */
    public static List<Effective> effective(List<Configured> components, java.util.function.BiConsumer<Configured, RuleException> invalid) {
        Map<String, Effective> out = new LinkedHashMap<>();
        ALL.forEach(r -> out.put(r.id(), new Effective(r, Source.BUILTIN)));
        List<Effective> custom = new ArrayList<>();
        for (Configured c : components) {
            try {
                Effective e = parse(c);
                if (e.source() == Source.OVERRIDE) {
                    out.put(e.rule().id(), e);
                } else if (!out.containsKey(e.rule().id()) && custom.stream().noneMatch(x -> x.rule().id().equals(e.rule().id()))) {
                    custom.add(e);
                } else {
                    invalid.accept(c, new RuleException(RuleOption.ID, "another rule has this id"));
                }
            } catch (RuleException e) {
                invalid.accept(c, e);
            }
        }
        List<Effective> all = new ArrayList<>(out.values());
        all.addAll(custom);
        return all;
    }

    /** Parses one component: an override when its id is a built-in's, else a custom rule (which may not use the built-in prefix). */
    public static Effective parse(Configured c) {
        String id = c.config().getOrDefault(RuleOption.ID.key(), "");
        id = id == null || id.isBlank() ? c.componentId() : id.strip();
        AlertRule builtin = byId(id);
        if (builtin != null) {
            return new Effective(AlertRule.parse(c.componentId(), c.name(), c.config(), builtin), Source.OVERRIDE);
        }
        if (id != null && id.startsWith(AlertRule.BUILTIN_PREFIX)) {
            throw new RuleException(RuleOption.ID, "ids starting with " + AlertRule.BUILTIN_PREFIX + " are reserved for the built-in rules: "
                    + String.join(", ", ALL.stream().map(AlertRule::id).toList()));
        }
        return new Effective(AlertRule.parse(c.componentId(), c.name(), c.config(), AlertRule.defaults()), Source.CUSTOM);
    }

    static Set<String> ids() {
        return Set.copyOf(ALL.stream().map(AlertRule::id).toList());
    }
}
