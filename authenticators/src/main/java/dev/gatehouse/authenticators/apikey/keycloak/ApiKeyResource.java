package dev.gatehouse.authenticators.apikey.keycloak;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

import org.keycloak.models.KeycloakSession;

/** The realm resource: {@code validate} for gateways (lane use) and {@code keys} for the account REST (lane manage). */
public class ApiKeyResource {

    private final KeycloakSession session;

    public ApiKeyResource(KeycloakSession session) {
        this.session = session;
    }

    @GET
    @Path("validate")
    public Response validateGet() {
        return Response.status(Response.Status.NOT_IMPLEMENTED).build();
    }

    @POST
    @Path("validate")
    public Response validatePost() {
        return validateGet();
    }

    @Path("keys")
    public AccountKeysResource keys() {
        return new AccountKeysResource(session);
    }
}
