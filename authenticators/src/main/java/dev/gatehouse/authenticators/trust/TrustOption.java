package dev.gatehouse.authenticators.trust;

import java.util.Locale;

import dev.gatehouse.authenticators.config.DeclaredOption;

/**
 * Every trusted-device option, declared once: key, label, help, default and where it is set. The step
 * {@code gatehouse-trust-device} ("Trust this browser", after the second factor) holds the options of the trust it
 * creates; the condition {@code gatehouse-condition-device-trusted} holds when a trust counts. docs/trusted-devices.md
 * holds the tables a test keeps equal to this.
 */
public enum TrustOption implements DeclaredOption {

    DAYS(Target.STEP, "gatehouse.trust.days", "Trust for (days)",
            "How long a trusted browser skips the second factor: 1 to 365 days. The cookie expires with it.",
            "30", Kind.NUMBER),
    PRESELECTED(Target.STEP, "gatehouse.trust.preselected", "Checkbox ticked by default",
            "Whether \"Trust this browser\" starts ticked. Off: a user trusts a browser only by ticking it.",
            "false", Kind.BOOLEAN),
    MAX_DEVICES(Target.STEP, "gatehouse.trust.maxDevices", "Trusted browsers per user",
            "1 to 100. Trusting one more removes the oldest.", "10", Kind.NUMBER),
    BIND_USER_AGENT(Target.STEP, "gatehouse.trust.bindUserAgent", "Bind to the browser family",
            "The trust holds only while the browser reports the same family (Chrome, Firefox, Safari, Edge…) as "
                    + "when it was trusted.", "false", Kind.BOOLEAN),
    BIND_NETWORK(Target.STEP, "gatehouse.trust.bindNetwork", "Bind to the network",
            "The trust holds only from the same network as when it was trusted: the same IPv4 /24 or IPv6 /48.",
            "false", Kind.BOOLEAN),
    MATCH(Target.CONDITION, "gatehouse.trust.match", "Matches when the browser is",
            "not-trusted: put it in the second-factor sub-flow, which then runs only on a browser without a valid "
                    + "trust; trusted: the opposite.", "not-trusted", Kind.CHOICE),
    MAX_LEVEL(Target.CONDITION, "gatehouse.trust.maxLevel", "Stands in up to level",
            "A trust counts only when the client asks for this level of authentication or lower; a client asking "
                    + "for more gets the second factor.", "2", Kind.NUMBER),
    STEP_UP(Target.CONDITION, "gatehouse.trust.stepUp", "Counts for step-up",
            "Whether a trust also stands in when an existing sign-in session is stepped up to a higher level. Off: "
                    + "a step-up always asks for the second factor.", "false", Kind.BOOLEAN);

    /** Which execution's config holds the option. */
    public enum Target { STEP, CONDITION }

    /** How an option's value is read and shown in the admin console. */
    public enum Kind { NUMBER, BOOLEAN, CHOICE }

    private final Target target;
    private final String key;
    private final String label;
    private final String help;
    private final String defaultValue;
    private final Kind kind;

    TrustOption(Target target, String key, String label, String help, String defaultValue, Kind kind) {
        this.target = target;
        this.key = key;
        this.label = label;
        this.help = help;
        this.defaultValue = defaultValue;
        this.kind = kind;
    }

    public Target target() {
        return target;
    }

    @Override
    public String key() {
        return key;
    }

    public String label() {
        return label;
    }

    public String help() {
        return help;
    }

    @Override
    public String defaultValue() {
        return defaultValue;
    }

    public Kind kind() {
        return kind;
    }

    @Override
    public String toString() {
        return key.toLowerCase(Locale.ROOT);
    }
}
