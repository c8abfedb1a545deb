package dev.gatehouse.authenticators.otp;

import java.util.Map;

/**
 * The comparison of a typed code by the service that made the code (Twilio Verify). Unlike a local
 * {@link CodeMatcher} the service may not answer, and an outage is neither a match nor a wrong code.
 */
@FunctionalInterface
public interface RemoteCodeMatcher {

    /**
     * The service's answer: {@code matches} counts only when {@code answered}; {@code details} say why there was
     * no answer (for the event: a service's error code), never the code.
     */
    record Answer(boolean answered, boolean matches, Map<String, String> details) {

        public static final Answer MATCH = new Answer(true, true, Map.of());
        public static final Answer NO_MATCH = new Answer(true, false, Map.of());

        public Answer {
            details = Map.copyOf(details);
        }

        public static Answer none(Map<String, String> details) {
            return new Answer(false, false, details);
        }
    }

    Answer check(String typed);
}
