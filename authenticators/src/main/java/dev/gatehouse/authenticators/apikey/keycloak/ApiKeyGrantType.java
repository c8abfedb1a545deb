package dev.gatehouse.authenticators.apikey.keycloak;

import java.util.Set;

import jakarta.ws.rs.core.Response;

import org.keycloak.events.EventType;
import org.keycloak.protocol.oidc.grants.OAuth2GrantType;

/** Exchanges an API key for an access token (lane use). */
public class ApiKeyGrantType implements OAuth2GrantType {

    @Override
    public EventType getEventType() {
        return EventType.CLIENT_LOGIN;
    }

    @Override
    public Set<String> getTokenParameterNames() {
        return Set.of(ApiKeyGrantTypeFactory.PARAMETER);
    }

    @Override
    public Response process(Context context) {
        return Response.status(Response.Status.NOT_IMPLEMENTED).build();
    }

    @Override
    public void close() {
    }
}
