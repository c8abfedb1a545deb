package dev.gatehouse.authenticators.apikey.keycloak.rest;

import java.util.List;

/**
 * A new key: a name (1 to 64 characters), the roles ({@code role} or {@code clientId.role}) and client scopes it
 * carries (each held by the owner, else 400 naming it), its validity in days (the realm's default when absent,
 * at most its maximum), and optionally a CIDR allowlist, request headers it requires and its own rate limit.
 */
public class ApiKeyCreateRepresentation {
    public String name;
    public List<String> roles;
    public List<String> clientScopes;
    public Integer expiryDays;
    public List<String> allowedCidrs;
    public List<String> requiredHeaders;
    public Integer rateLimitPerMinute;
}
