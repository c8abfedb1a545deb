package dev.gatehouse.authenticators.apikey.keycloak.rest;

/** The answer to a creation or a rotation: the key itself, in this one response only (sent with no-store). */
public class CreatedApiKeyRepresentation extends ApiKeyRepresentation {
    public String key;
}
