package dev.gatehouse.audit.alert;

/**
 * The options of an alert rule (component config keys), declared once: the rules page's form, the parser and
 * the docs table (kept equal by a test) all use these. Lists use Keycloak's {@code ##} separator.
 */
public enum RuleOption {
    ID("id", "", "Rule id: letters, digits, '.', '_' or '-', at most 64. A built-in's id (builtin-…) overrides that built-in; "
            + "empty: the component's id."),
    ENABLED("enabled", "true", "false switches the rule off (for a built-in: an override with enabled=false)."),
    KIND("kind", "", "Record kinds to match: user, admin, system (## between several). Empty: any."),
    TYPE("type", "", "Event types (user, system) or admin operations (CREATE, UPDATE, DELETE, ACTION) to match, exact, ## between several."),
    RESOURCE_TYPE("resource-type", "", "Admin records: resource types to match, e.g. REALM_ROLE_MAPPING, ## between several."),
    OUTCOME("outcome", "any", "any, success (no error) or error."),
    ERROR("error", "", "Error codes to match, exact, ## between several."),
    CLIENT("client", "", "Client ids to match (for admin records the admin's client)."),
    USER("user", "", "User ids to match (for admin records the acting admin)."),
    IP("ip", "", "IP addresses to match, exact."),
    DETAILS("details", "", "Details to match as key=value, ## between several; all keys must match, a key listed twice accepts either value."),
    THRESHOLD("threshold", "1", "Matches within the window that fire the alert (1: every match), 1 to 10000. Seal-lag rule: the lag limit in seconds."),
    WINDOW_SECONDS("window-seconds", "300", "The sliding window, 1 to 604800 seconds."),
    GROUP_BY("group-by", "none", "Count per user, ip, client or none (all together)."),
    SEVERITY("severity", "WARNING", "INFO, WARNING or CRITICAL."),
    QUIET_SECONDS("quiet-seconds", "900", "After an alert, the group stays quiet this long (0 to 604800 seconds): one alert per incident."),
    BUDGET("budget", "10", "Flood limit: at most this many alerts of the rule per window in the realm, whatever the groups (1 to 10000); "
            + "past it alerts are suppressed and one digest alert says how many when the window ends.");

    public static final String SEPARATOR = "##";

    private final String key;
    private final String defaultValue;
    private final String help;

    RuleOption(String key, String defaultValue, String help) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.help = help;
    }

    public String key() {
        return key;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String help() {
        return help;
    }
}
