package dev.gatehouse.authenticators.trust;

import java.util.Map;

/**
 * The options of the condition {@code gatehouse-condition-device-trusted}: when a valid trust stands in for the
 * second factor. Plain Java.
 *
 * @param match    what the condition answers true for
 * @param maxLevel the highest requested level of authentication a trust counts for
 * @param stepUp   whether a trust counts when an existing SSO session is stepped up
 */
public record TrustRule(Match match, int maxLevel, boolean stepUp) {

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

    /** @throws IllegalArgumentException naming the key, for a malformed value */
    public static TrustRule from(Map<String, String> config) {
        throw new UnsupportedOperationException("lane trustcore");
    }

    /**
     * Whether a trust may stand in at all for this request: the requested level (negative: none asked) is at most
     * {@link #maxLevel}, and this is not a step-up of an existing SSO session unless {@link #stepUp} allows it.
     * Returns the reason it may not (for the event), or null when it may.
     */
    public TrustReason refusal(int requestedLevel, boolean isStepUp) {
        throw new UnsupportedOperationException("lane trustcore");
    }

    /** The condition's answer: {@code trusted} is whether a valid trust stood in. */
    public boolean matches(boolean trusted) {
        return (match == Match.TRUSTED) == trusted;
    }
}
