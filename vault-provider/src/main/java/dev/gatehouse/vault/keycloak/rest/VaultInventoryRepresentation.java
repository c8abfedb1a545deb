package dev.gatehouse.vault.keycloak.rest;

import java.util.List;

/** The realm's vault references, sorted; statuses are the answering node's own ({@code node}). */
public class VaultInventoryRepresentation {
    public String realm;
    public String node;
    public List<VaultReferenceRepresentation> references;
}
