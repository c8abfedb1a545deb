package dev.gatehouse.authenticators.apikey.keycloak.rest;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import dev.gatehouse.authenticators.apikey.ApiKeyRecord;
import dev.gatehouse.authenticators.apikey.DailyUsage;

/** Records to representations, for the account and admin REST and the consoles. Never the key or its hash. */
public final class ApiKeyRepresentations {

    public static final String ACTIVE = "active";
    public static final String EXPIRED = "expired";
    public static final String REVOKED = "revoked";

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private ApiKeyRepresentations() {
    }

    /**
     * @param owner         the owner's username, or null when unknown
     * @param clientId      the client whose service account owns the key, or null
     * @param hasCredential whether the key's credential still exists (removed in a console = revoked)
     */
    public static ApiKeyRepresentation of(ApiKeyRecord k, String owner, String clientId, boolean hasCredential, Instant now) {
        return fill(new ApiKeyRepresentation(), k, owner, clientId, hasCredential, now);
    }

    /** The answer to a creation or rotation: the representation and, this once, the key. */
    public static CreatedApiKeyRepresentation created(String key, ApiKeyRecord k, String owner, String clientId, Instant now) {
        CreatedApiKeyRepresentation out = fill(new CreatedApiKeyRepresentation(), k, owner, clientId, true, now);
        out.key = key;
        return out;
    }

    /** {@code active}, {@code expired} or {@code revoked} (through REST, or its credential removed in a console). */
    public static String status(ApiKeyRecord k, boolean hasCredential, Instant now) {
        if (k.revoked() || !hasCredential) {
            return REVOKED;
        }
        return k.expired(now) ? EXPIRED : ACTIVE;
    }

    public static ApiKeyUsageRepresentation usage(ApiKeyRecord k, List<DailyUsage> days) {
        ApiKeyUsageRepresentation out = new ApiKeyUsageRepresentation();
        out.keyId = k.id();
        out.lastUsedAt = millis(k.lastUsedAt());
        out.lastUsedIp = k.lastUsedIp();
        out.days = days.stream().sorted((a, b) -> b.day().compareTo(a.day())).map(d -> {
            ApiKeyUsageRepresentation.Day day = new ApiKeyUsageRepresentation.Day();
            day.day = d.day().toString();
            day.uses = d.uses();
            day.failures = d.failures();
            return day;
        }).toList();
        out.uses = days.stream().mapToLong(DailyUsage::uses).sum();
        out.failures = days.stream().mapToLong(DailyUsage::failures).sum();
        return out;
    }

    /** A date as the consoles show it: ISO, UTC. */
    public static String day(Instant at) {
        return DAY.format(at);
    }

    /** A moment to the minute, UTC. */
    public static String minute(Instant at) {
        return MINUTE.format(at);
    }

    private static <T extends ApiKeyRepresentation> T fill(T out, ApiKeyRecord k, String owner, String clientId,
            boolean hasCredential, Instant now) {
        out.id = k.id();
        out.name = k.name();
        out.displayPrefix = k.displayPrefix();
        out.status = status(k, hasCredential, now);
        out.ownerId = k.ownerId();
        out.owner = owner;
        out.clientId = clientId;
        out.credentialId = k.credentialId();
        out.roles = k.roles();
        out.clientScopes = k.clientScopes();
        out.allowedCidrs = k.allowedCidrs();
        out.requiredHeaders = k.requiredHeaders();
        out.rateLimitPerMinute = k.rateLimit();
        out.createdAt = millis(k.createdAt());
        out.createdBy = k.createdBy();
        out.expiresAt = millis(k.expiresAt());
        out.revokedAt = millis(k.revokedAt());
        out.revokedBy = k.revokedBy();
        out.rotatedFrom = k.rotatedFrom();
        out.lastUsedAt = millis(k.lastUsedAt());
        out.lastUsedIp = k.lastUsedIp();
        out.uses = k.uses();
        out.failures = k.failures();
        return out;
    }

    private static Long millis(Instant at) {
        return at == null ? null : at.toEpochMilli();
    }
}
