package dev.gatehouse.authenticators.apikey.keycloak;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

import jakarta.persistence.EntityManager;

import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.util.JsonSerialization;

import dev.gatehouse.authenticators.apikey.ApiKeyRecord;
import dev.gatehouse.authenticators.apikey.DailyUsage;
import dev.gatehouse.authenticators.apikey.UsageTally;

/** The one door to {@code GATEHOUSE_API_KEY} and {@code GATEHOUSE_API_KEY_USAGE}, in the session's transaction. */
public final class ApiKeyStore {

    private final EntityManager em;

    public ApiKeyStore(KeycloakSession session) {
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    public void insert(ApiKeyRecord r) {
        ApiKeyEntity e = new ApiKeyEntity();
        e.setId(r.id());
        e.setRealmId(r.realmId());
        e.setOwnerId(r.ownerId());
        e.setCreatedAt(r.createdAt().toEpochMilli());
        e.setCreatedBy(r.createdBy());
        e.setRotatedFrom(r.rotatedFrom());
        write(r, e);
        em.persist(e);
    }

    /** The key with this hash in any realm (the hash binds the realm id: callers compare it), or null. */
    public ApiKeyRecord byHash(String hash) {
        return em.createNamedQuery("gatehouseApiKeyByHash", ApiKeyEntity.class).setParameter("hash", hash)
                .getResultStream().findFirst().map(ApiKeyStore::record).orElse(null);
    }

    /** The key with this id in the realm, or null. */
    public ApiKeyRecord byId(String realmId, String id) {
        ApiKeyEntity e = id == null ? null : em.find(ApiKeyEntity.class, id);
        return e == null || !e.getRealmId().equals(realmId) ? null : record(e);
    }

    /** The realm's keys, or one owner's (ownerId not null), newest first. */
    public List<ApiKeyRecord> list(String realmId, String ownerId, int first, int max) {
        var q = ownerId == null
                ? em.createNamedQuery("gatehouseApiKeysOfRealm", ApiKeyEntity.class)
                : em.createNamedQuery("gatehouseApiKeysByOwner", ApiKeyEntity.class).setParameter("ownerId", ownerId);
        return q.setParameter("realmId", realmId).setFirstResult(Math.max(0, first)).setMaxResults(Math.max(0, max))
                .getResultStream().map(ApiKeyStore::record).toList();
    }

    /** The owner's keys that are neither revoked nor expired at {@code now}. */
    public long countActive(String realmId, String ownerId, Instant now) {
        return em.createNamedQuery("gatehouseApiKeysActiveCount", Long.class).setParameter("realmId", realmId)
                .setParameter("ownerId", ownerId).setParameter("now", now.toEpochMilli()).getSingleResult();
    }

    /** Whether a key of the realm replaced the key {@code id} (it was rotated). */
    public boolean rotated(String realmId, String id) {
        return !em.createNamedQuery("gatehouseApiKeysRotatedFrom", String.class).setParameter("realmId", realmId)
                .setParameter("id", id).setMaxResults(1).getResultList().isEmpty();
    }

    /** Writes the mutable fields (name, expiry, revocation, credential). */
    public void update(ApiKeyRecord r) {
        ApiKeyEntity e = em.find(ApiKeyEntity.class, r.id());
        if (e != null) {
            write(r, e);
        }
    }

    /** Deletes the owner's keys and their usage (the owner was removed). */
    public void deleteOwner(String realmId, String ownerId) {
        List<String> ids = em.createNamedQuery("gatehouseApiKeyIdsByOwner", String.class).setParameter("realmId", realmId)
                .setParameter("ownerId", ownerId).getResultList();
        if (!ids.isEmpty()) {
            em.createNamedQuery("gatehouseApiKeyUsageDelete").setParameter("keyIds", ids).executeUpdate();
            em.createNamedQuery("gatehouseApiKeysDeleteByOwner").setParameter("realmId", realmId)
                    .setParameter("ownerId", ownerId).executeUpdate();
        }
    }

    /** Deletes a removed realm's keys and their usage. */
    public void deleteRealm(String realmId) {
        em.createQuery("delete from ApiKeyUsageEntity u where u.keyId in "
                + "(select k.id from ApiKeyEntity k where k.realmId = :realmId)").setParameter("realmId", realmId)
                .executeUpdate();
        em.createNamedQuery("gatehouseApiKeysDeleteOfRealm").setParameter("realmId", realmId).executeUpdate();
    }

    /**
     * Adds a node's tally: the day rows and the key's totals and last use. Counts are added in the database
     * ({@code uses = uses + n}), so nodes flushing the same key don't overwrite each other; a day row two nodes
     * create at once fails one flush, which the caller puts back and retries.
     */
    public void add(List<UsageTally.Entry> entries) {
        for (UsageTally.Entry t : entries) {
            int updated = em.createQuery("update ApiKeyUsageEntity u set u.uses = u.uses + :uses, "
                            + "u.failures = u.failures + :failures where u.keyId = :keyId and u.usageDay = :day")
                    .setParameter("uses", t.uses()).setParameter("failures", t.failures())
                    .setParameter("keyId", t.keyId()).setParameter("day", t.day()).executeUpdate();
            if (updated == 0) {
                if (em.find(ApiKeyEntity.class, t.keyId()) == null) {
                    continue; // the key was deleted meanwhile
                }
                ApiKeyUsageEntity u = new ApiKeyUsageEntity();
                u.setKeyId(t.keyId());
                u.setUsageDay(t.day());
                u.setUses(t.uses());
                u.setFailures(t.failures());
                em.persist(u);
            }
            em.createQuery("update ApiKeyEntity k set k.uses = k.uses + :uses, k.failures = k.failures + :failures "
                            + "where k.id = :id").setParameter("uses", t.uses()).setParameter("failures", t.failures())
                    .setParameter("id", t.keyId()).executeUpdate();
            if (t.lastUsedAt() != null) {
                em.createQuery("update ApiKeyEntity k set k.lastUsedAt = :at, k.lastUsedIp = :ip where k.id = :id "
                                + "and (k.lastUsedAt is null or k.lastUsedAt < :at)")
                        .setParameter("at", t.lastUsedAt().toEpochMilli()).setParameter("ip", cap(t.lastUsedIp(), 64))
                        .setParameter("id", t.keyId()).executeUpdate();
            }
        }
        em.flush();
    }

    /** The key's days from {@code from} on (days without use are absent), oldest first. */
    public List<DailyUsage> usage(String keyId, LocalDate from) {
        return em.createNamedQuery("gatehouseApiKeyUsage", ApiKeyUsageEntity.class).setParameter("keyId", keyId)
                .setParameter("from", (int) from.toEpochDay()).getResultStream()
                .map(u -> new DailyUsage(LocalDate.ofEpochDay(u.getUsageDay()), u.getUses(), u.getFailures())).toList();
    }

    private static void write(ApiKeyRecord r, ApiKeyEntity e) {
        e.setCredentialId(r.credentialId());
        e.setName(r.name());
        e.setDisplayPrefix(r.displayPrefix());
        e.setKeyHash(r.keyHash());
        e.setRoles(json(r.roles()));
        e.setClientScopes(json(r.clientScopes()));
        e.setAllowedCidrs(json(r.allowedCidrs()));
        e.setRequiredHeaders(json(r.requiredHeaders()));
        e.setRateLimit(r.rateLimit());
        e.setExpiresAt(r.expiresAt().toEpochMilli());
        e.setRevokedAt(r.revokedAt() == null ? null : r.revokedAt().toEpochMilli());
        e.setRevokedBy(r.revokedBy());
    }

    static ApiKeyRecord record(ApiKeyEntity e) {
        return new ApiKeyRecord(e.getId(), e.getRealmId(), e.getOwnerId(), e.getCredentialId(), e.getName(),
                e.getDisplayPrefix(), e.getKeyHash(), list(e.getRoles()), list(e.getClientScopes()),
                cidrs(e.getAllowedCidrs()), list(e.getRequiredHeaders()), e.getRateLimit(),
                Instant.ofEpochMilli(e.getCreatedAt()), e.getCreatedBy(), Instant.ofEpochMilli(e.getExpiresAt()),
                e.getRevokedAt() == null ? null : Instant.ofEpochMilli(e.getRevokedAt()), e.getRevokedBy(),
                e.getRotatedFrom(), e.getLastUsedAt() == null ? null : Instant.ofEpochMilli(e.getLastUsedAt()),
                e.getLastUsedIp(), e.getUses(), e.getFailures());
    }

    private static String json(List<String> values) {
        try {
            return JsonSerialization.writeValueAsString(values);
        } catch (IOException e) {
            throw new IllegalStateException("a list of strings is serializable", e);
        }
    }

    /** A column edited by hand into something else reads as empty: fewer scopes, never more. */
    private static List<String> list(String json) {
        try {
            String[] values = json == null ? null : JsonSerialization.readValue(json, String[].class);
            return values == null ? List.of() : Arrays.stream(values).filter(v -> v != null).toList();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** An allowlist that can't be read allows nothing (an empty one would allow every address). */
    private static List<String> cidrs(String json) {
        List<String> values = list(json);
        return values.isEmpty() && !"[]".equals(json == null ? null : json.strip()) ? List.of("unreadable") : values;
    }

    private static String cap(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
