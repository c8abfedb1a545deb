package dev.gatehouse.audit.listener;

import jakarta.ws.rs.core.HttpHeaders;
import org.keycloak.http.HttpRequest;
import org.keycloak.models.KeycloakSession;

import dev.gatehouse.audit.CorrelationIds;

/** The correlation id of the request behind an event, if it came over HTTP with one. */
final class CorrelationId {

    private CorrelationId() {
    }

    static String of(KeycloakSession session) {
        HttpRequest request;
        try {
            request = session.getContext().getHttpRequest();
        } catch (RuntimeException e) {
            return null; // events from background tasks have no request
        }
        if (request == null || request.getHttpHeaders() == null) {
            return null;
        }
        HttpHeaders h = request.getHttpHeaders();
        return CorrelationIds.pick(h.getHeaderString("traceparent"), h.getHeaderString("X-Request-ID"),
                h.getHeaderString("X-Correlation-ID"));
    }
}
