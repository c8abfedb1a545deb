package dev.gatehouse.authenticators.apikey.keycloak.rest;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One API key as the account and admin REST show it: never the key nor its hash. Times are epoch milliseconds;
 * {@code status} is {@code active}, {@code expired} or {@code revoked} (revoked through REST, or its credential
 * removed in a console).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ApiKeyRepresentation {
    public String id;
    public String name;
    /** {@code <prefix>_<first 6 of the random part>}: enough to recognise a key, never enough to use it. */
    public String displayPrefix;
    public String status;
    public String ownerId;
    public String owner;
    /** The client whose service account owns the key; absent for a user's key. */
    public String clientId;
    public List<String> roles;
    public List<String> clientScopes;
    public List<String> allowedCidrs;
    public List<String> requiredHeaders;
    public Integer rateLimitPerMinute;
    public Long createdAt;
    public String createdBy;
    public Long expiresAt;
    public Long revokedAt;
    public String revokedBy;
    public String rotatedFrom;
    /** The owner's credential that stands for the key (the Credentials tab); removing it revokes the key. */
    public String credentialId;
    public Long lastUsedAt;
    public String lastUsedIp;
    public Long uses;
    public Long failures;
}
