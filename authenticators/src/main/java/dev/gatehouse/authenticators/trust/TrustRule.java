package dev.gatehouse.authenticators.trust;

import java.util.Locale;
import java.util.Map;

import dev.gatehouse.authenticators.config.OptionValues;

/**
 * The options of the condition {@code gatehouse-condition-device-trusted}: when a valid trust stands in for the
 * second factor. Plain Java.
 *
 * @param match    what the condition answers true for
 * @param maxLevel the highest requested level of authentication a trust counts for
 * @param stepUp   whether a trust counts when an existing SSO session is stepped up
 */
public record TrustRule(Match match, int maxLevel, boolean stepUp) {

    public static final int MIN_LEVEL = 0;
    public static final int MAX_LEVEL = 100;

    public enum Match {
        NOT_TRUSTED("not-trusted"), TRUSTED("trusted");

        private final String option;

        Match(String option) {
            this.option = option;
        }

        public String option() {
            return option;
        }
    }

    /**
     * Reads an execution's config; a missing or blank key takes its default. Match is {@code not-trusted} or
     * {@code trusted} (any case), the max level a whole number from {@value #MIN_LEVEL} to {@value #MAX_LEVEL}.
     *
     * @throws IllegalArgumentException naming the key, for a malformed value
     */
    public static TrustRule from(Map<String, String> config) {
        String m = OptionValues.text(config, TrustOption.MATCH);
        Match match = null;
        for (Match candidate : Match.values()) {
            if (candidate.option().equals(m.toLowerCase(Locale.ROOT))) {
                match = candidate;
            }
        }
        if (match == null) {
            throw OptionValues.refused(TrustOption.MATCH, "not-trusted or trusted", m);
        }
        return new TrustRule(match, OptionValues.number(config, TrustOption.MAX_LEVEL, MIN_LEVEL, MAX_LEVEL),
                OptionValues.boolIgnoringCase(config, TrustOption.STEP_UP));
    }

    /**
     * Whether a trust may stand in at all for this request: the requested level (negative: none asked) is at most
     * {@link #maxLevel}, and this is not a step-up of an existing SSO session unless {@link #stepUp} allows it.
     * Returns the reason it may not (for the event), or null when it may. The level is checked first: a step-up
     * to a level above the max answers {@link TrustReason#LEVEL}.
     */
    public TrustReason refusal(int requestedLevel, boolean isStepUp) {
        if (requestedLevel > maxLevel) {
            return TrustReason.LEVEL;
        }
        if (isStepUp && !stepUp) {
            return TrustReason.STEP_UP;
        }
        return null;
    }

    /** The condition's answer: {@code trusted} is whether a valid trust stood in. */
    public boolean matches(boolean trusted) {
        return (match == Match.TRUSTED) == trusted;
    }
}
