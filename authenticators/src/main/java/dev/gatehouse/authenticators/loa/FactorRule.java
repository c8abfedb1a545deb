package dev.gatehouse.authenticators.loa;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One factor of a sign-in session (a password, a code sent to the user, ...), named by the authentication steps
 * that prove it, and what a flow asks about it. Plain Java: the glue hands in the steps the session completed.
 *
 * @param steps  authenticator provider ids whose success proves the factor
 * @param match  what the condition answers
 * @param maxAge seconds a proof counts for, as the level-of-authentication condition's "max age"
 */
public record FactorRule(Set<String> steps, Match match, int maxAge) {

    public static final String STEPS = "gatehouse.factor.steps";
    public static final String MATCH = "gatehouse.factor.match";
    public static final String MAX_AGE = "gatehouse.factor.maxAge";
    public static final Match DEFAULT_MATCH = Match.MISSING;
    /** Keycloak's default max age of a level (ConditionalLoaAuthenticator.DEFAULT_MAX_AGE): 10 hours. */
    public static final int DEFAULT_MAX_AGE = 36000;
    /** Keycloak's separator of multivalued options (Constants.CFG_DELIMITER). */
    static final String DELIMITER = "##";

    /** What a {@code gatehouse-condition-factor} condition answers about its factor. */
    public enum Match {
        /** A step of the factor succeeded in this sign-in session, within the max age. */
        PROVEN,
        /** No step of the factor succeeded in this sign-in session within the max age. */
        MISSING,
        /** Proven, or the user has set up one of its steps that needs a known user (so it can be asked now). */
        AVAILABLE;

        public String option() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public FactorRule {
        steps = Set.copyOf(steps);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException(STEPS + " names no step");
        }
        if (maxAge < 0) {
            throw new IllegalArgumentException(MAX_AGE + " is negative");
        }
    }

    /** Reads an authenticator config; a missing option takes its default, a malformed one is refused. */
    public static FactorRule of(Map<String, String> config) {
        Set<String> steps = Arrays.stream(config.getOrDefault(STEPS, "").split(DELIMITER))
                .map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
        String match = config.get(MATCH);
        Match m = DEFAULT_MATCH;
        if (match != null && !match.isBlank()) {
            try {
                m = Match.valueOf(match.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(MATCH + " is not one of proven, missing, available");
            }
        }
        String maxAge = config.get(MAX_AGE);
        int age = DEFAULT_MAX_AGE;
        if (maxAge != null && !maxAge.isBlank()) {
            try {
                age = Integer.parseInt(maxAge.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(MAX_AGE + " is not a number of seconds");
            }
        }
        return new FactorRule(steps, m, age);
    }

    /**
     * @param completedAt     execution id to the time (seconds) it last succeeded in this sign-in session
     * @param authenticatorOf execution id to its authenticator provider id, or null for an unknown execution
     * @param now             current time, seconds
     */
    public boolean proven(Map<String, Integer> completedAt, Function<String, String> authenticatorOf, int now) {
        return completedAt.entrySet().stream()
                .filter(e -> e.getValue() != null && e.getValue() + maxAge >= now)
                .map(e -> authenticatorOf.apply(e.getKey()))
                .anyMatch(step -> step != null && steps.contains(step));
    }
}
