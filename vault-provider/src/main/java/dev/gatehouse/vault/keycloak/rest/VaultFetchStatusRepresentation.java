package dev.gatehouse.vault.keycloak.rest;

/**
 * This node's last backend call for a reference (cache hits don't count): when, its outcome ({@code fetched},
 * {@code not_found}, {@code stale}, {@code failed}), the reason of a failure, and the value's expiry and rotation
 * when the backend said. ISO-8601 instants. Never the value.
 */
public class VaultFetchStatusRepresentation {
    public String fetchedAt;
    public String outcome;
    public String detail;
    public String expiresAt;
    public String rotatesAt;
}
