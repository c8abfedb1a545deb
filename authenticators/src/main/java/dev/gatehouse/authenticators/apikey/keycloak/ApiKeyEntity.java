package dev.gatehouse.authenticators.apikey.keycloak;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;

/** One API key (never the key: its keyed hash); times in epoch milliseconds. Only {@link ApiKeyStore} touches it. */
@Entity
@Table(name = "GATEHOUSE_API_KEY")
@NamedQueries({
        @NamedQuery(name = "gatehouseApiKeyByHash", query = "select k from ApiKeyEntity k where k.keyHash = :hash"),
        @NamedQuery(name = "gatehouseApiKeysByOwner", query = "select k from ApiKeyEntity k where k.realmId = :realmId and k.ownerId = :ownerId order by k.createdAt desc, k.id"),
        @NamedQuery(name = "gatehouseApiKeysOfRealm", query = "select k from ApiKeyEntity k where k.realmId = :realmId order by k.createdAt desc, k.id"),
        @NamedQuery(name = "gatehouseApiKeysActiveCount", query = "select count(k) from ApiKeyEntity k where k.realmId = :realmId and k.ownerId = :ownerId and k.revokedAt is null and k.expiresAt > :now"),
        @NamedQuery(name = "gatehouseApiKeysRotatedFrom", query = "select k.id from ApiKeyEntity k where k.realmId = :realmId and k.rotatedFrom = :id"),
        @NamedQuery(name = "gatehouseApiKeyIdsByOwner", query = "select k.id from ApiKeyEntity k where k.realmId = :realmId and k.ownerId = :ownerId"),
        @NamedQuery(name = "gatehouseApiKeysDeleteByOwner", query = "delete from ApiKeyEntity k where k.realmId = :realmId and k.ownerId = :ownerId"),
        @NamedQuery(name = "gatehouseApiKeysDeleteOfRealm", query = "delete from ApiKeyEntity k where k.realmId = :realmId")
})
public class ApiKeyEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", nullable = false, length = 36)
    private String realmId;

    @Column(name = "OWNER_ID", nullable = false, length = 36)
    private String ownerId;

    @Column(name = "CREDENTIAL_ID", length = 36)
    private String credentialId;

    @Column(name = "NAME", nullable = false, length = 255)
    private String name;

    @Column(name = "DISPLAY_PREFIX", nullable = false, length = 32)
    private String displayPrefix;

    @Column(name = "KEY_HASH", nullable = false, length = 64)
    private String keyHash;

    @Column(name = "ROLES", nullable = false)
    private String roles;

    @Column(name = "CLIENT_SCOPES", nullable = false)
    private String clientScopes;

    @Column(name = "ALLOWED_CIDRS", nullable = false)
    private String allowedCidrs;

    @Column(name = "REQUIRED_HEADERS", nullable = false)
    private String requiredHeaders;

    @Column(name = "RATE_LIMIT")
    private Integer rateLimit;

    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

    @Column(name = "CREATED_BY", length = 36)
    private String createdBy;

    @Column(name = "EXPIRES_AT", nullable = false)
    private long expiresAt;

    @Column(name = "REVOKED_AT")
    private Long revokedAt;

    @Column(name = "REVOKED_BY", length = 36)
    private String revokedBy;

    @Column(name = "ROTATED_FROM", length = 36)
    private String rotatedFrom;

    @Column(name = "LAST_USED_AT")
    private Long lastUsedAt;

    @Column(name = "LAST_USED_IP", length = 64)
    private String lastUsedIp;

    @Column(name = "USES", nullable = false)
    private long uses;

    @Column(name = "FAILURES", nullable = false)
    private long failures;

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getRealmId() {
        return realmId;
    }

    public void setRealmId(String realmId) {
        this.realmId = realmId;
    }

    public String getOwnerId() {
        return ownerId;
    }

    public void setOwnerId(String ownerId) {
        this.ownerId = ownerId;
    }

    public String getCredentialId() {
        return credentialId;
    }

    public void setCredentialId(String credentialId) {
        this.credentialId = credentialId;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getDisplayPrefix() {
        return displayPrefix;
    }

    public void setDisplayPrefix(String displayPrefix) {
        this.displayPrefix = displayPrefix;
    }

    public String getKeyHash() {
        return keyHash;
    }

    public void setKeyHash(String keyHash) {
        this.keyHash = keyHash;
    }

    public String getRoles() {
        return roles;
    }

    public void setRoles(String roles) {
        this.roles = roles;
    }

    public String getClientScopes() {
        return clientScopes;
    }

    public void setClientScopes(String clientScopes) {
        this.clientScopes = clientScopes;
    }

    public String getAllowedCidrs() {
        return allowedCidrs;
    }

    public void setAllowedCidrs(String allowedCidrs) {
        this.allowedCidrs = allowedCidrs;
    }

    public String getRequiredHeaders() {
        return requiredHeaders;
    }

    public void setRequiredHeaders(String requiredHeaders) {
        this.requiredHeaders = requiredHeaders;
    }

    public Integer getRateLimit() {
        return rateLimit;
    }

    public void setRateLimit(Integer rateLimit) {
        this.rateLimit = rateLimit;
    }

    public long getCreatedAt() {
        return createdAt;
    }

    public void setCreatedAt(long createdAt) {
        this.createdAt = createdAt;
    }

    public String getCreatedBy() {
        return createdBy;
    }

    public void setCreatedBy(String createdBy) {
        this.createdBy = createdBy;
    }

    public long getExpiresAt() {
        return expiresAt;
    }

    public void setExpiresAt(long expiresAt) {
        this.expiresAt = expiresAt;
    }

    public Long getRevokedAt() {
        return revokedAt;
    }

    public void setRevokedAt(Long revokedAt) {
        this.revokedAt = revokedAt;
    }

    public String getRevokedBy() {
        return revokedBy;
    }

    public void setRevokedBy(String revokedBy) {
        this.revokedBy = revokedBy;
    }

    public String getRotatedFrom() {
        return rotatedFrom;
    }

    public void setRotatedFrom(String rotatedFrom) {
        this.rotatedFrom = rotatedFrom;
    }

    public Long getLastUsedAt() {
        return lastUsedAt;
    }

    public void setLastUsedAt(Long lastUsedAt) {
        this.lastUsedAt = lastUsedAt;
    }

    public String getLastUsedIp() {
        return lastUsedIp;
    }

    public void setLastUsedIp(String lastUsedIp) {
        this.lastUsedIp = lastUsedIp;
    }

    public long getUses() {
        return uses;
    }

    public void setUses(long uses) {
        this.uses = uses;
    }

    public long getFailures() {
        return failures;
    }

    public void setFailures(long failures) {
        this.failures = failures;
    }
}
