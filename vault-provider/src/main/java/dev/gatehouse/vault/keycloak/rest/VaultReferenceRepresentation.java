package dev.gatehouse.vault.keycloak.rest;

import java.util.List;

/**
 * One {@code ${vault.…}} reference of the realm's settings: where it is used, where it points, and this node's
 * last fetch of it. {@code error} says why a reference can't be resolved at all (syntax, traversal, inactive
 * backend); {@code status} is null when this node hasn't fetched it, as {@code statusNote} says.
 */
public class VaultReferenceRepresentation {
    public String reference;
    public List<String> locations;
    public String backend;
    public String backendName;
    public String error;
    public VaultFetchStatusRepresentation status;
    public String statusNote;
}
