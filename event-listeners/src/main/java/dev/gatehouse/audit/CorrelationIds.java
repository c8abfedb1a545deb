package dev.gatehouse.audit;

import java.util.regex.Pattern;

/**
 * Picks a request's correlation id from headers a proxy or app may send: the W3C {@code traceparent} trace id
 * (what OpenTelemetry and Keycloak's own tracing use), else {@code X-Request-ID}, else {@code X-Correlation-ID}.
 * Anything else is dropped: a client-chosen header must not smuggle text or unbounded length into the log.
 */
public final class CorrelationIds {

    private static final Pattern TRACEPARENT = Pattern.compile("^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$");
    private static final Pattern SAFE = Pattern.compile("^[A-Za-z0-9._:\\-]{1,128}$");
    private static final String NO_TRACE = "0".repeat(32);

    private CorrelationIds() {
    }

    /** @return the correlation id, or null when no header carries a well-formed one */
    public static String pick(String traceparent, String requestId, String correlationId) {
        if (traceparent != null) {
            var m = TRACEPARENT.matcher(traceparent.trim());
            if (m.matches() && !m.group(1).equals(NO_TRACE)) {
                return m.group(1);
            }
        }
        for (String candidate : new String[] {requestId, correlationId}) {
            if (candidate != null && SAFE.matcher(candidate.trim()).matches()) {
                return candidate.trim();
            }
        }
        return null;
    }
}
