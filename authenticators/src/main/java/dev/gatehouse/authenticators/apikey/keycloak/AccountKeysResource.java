package dev.gatehouse.authenticators.apikey.keycloak;

import org.keycloak.models.KeycloakSession;

/** The account REST of a user's own keys (lane manage). */
public class AccountKeysResource {

    private final KeycloakSession session;

    public AccountKeysResource(KeycloakSession session) {
        this.session = session;
    }
}
