package dev.gatehouse.vault.keycloak.rest;

/** A refused request: {@code error} a stable code, {@code description} for people. Never echoes a secret. */
public class VaultErrorRepresentation {
    public String error;
    public String description;

    public VaultErrorRepresentation() {
    }

    public VaultErrorRepresentation(String error, String description) {
        this.error = error;
        this.description = description;
    }
}
