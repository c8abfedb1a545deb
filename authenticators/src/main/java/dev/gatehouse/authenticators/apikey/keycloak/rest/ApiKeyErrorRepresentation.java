package dev.gatehouse.authenticators.apikey.keycloak.rest;

/** A refused management request: {@code error} a stable code, {@code field} the part refused, if any. */
public class ApiKeyErrorRepresentation {
    public String error;
    public String field;
    public String description;

    public ApiKeyErrorRepresentation() {
    }

    public ApiKeyErrorRepresentation(String error, String field, String description) {
        this.error = error;
        this.field = field;
        this.description = description;
    }
}
