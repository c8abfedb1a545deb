package dev.gatehouse.authenticators.apikey.keycloak;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.crypto.Algorithm;
import org.keycloak.crypto.KeyUse;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.RoleUtils;
import org.keycloak.vault.VaultRawSecret;

import dev.gatehouse.authenticators.apikey.ApiKeyFormat;
import dev.gatehouse.authenticators.apikey.ApiKeyHash;
import dev.gatehouse.authenticators.apikey.ApiKeyRecord;
import dev.gatehouse.authenticators.apikey.ApiKeySettings;
import dev.gatehouse.authenticators.apikey.Cidrs;
import dev.gatehouse.authenticators.apikey.DailyUsage;
import dev.gatehouse.authenticators.apikey.Headers;
import dev.gatehouse.authenticators.apikey.KeyCheck;
import dev.gatehouse.authenticators.apikey.KeyScopes;
import dev.gatehouse.authenticators.apikey.Printable;
import dev.gatehouse.authenticators.apikey.Refusal;
import dev.gatehouse.authenticators.ipbudget.AddressBudget;
import dev.gatehouse.authenticators.ipbudget.AddressThrottle;
import dev.gatehouse.authenticators.otp.keycloak.ReplicatedCounters;
import dev.gatehouse.spi.UnresolvedVaultSecret;

/**
 * API keys for one Keycloak session: issue, rotate, revoke, list, and validate a presented key. The one place that
 * knows the hash secret (pepper), the owner's scopes and the order of checks; the REST resources, the grant and the
 * required action only translate. Management changes publish {@link ApiKeyEvent}s; uses don't (the caller knows
 * the context of the use: see {@link #useEvent}).
 */
public final class ApiKeys {

    /** How a key was presented. */
    public enum Via {
        VALIDATE, EXCHANGE;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * A request for a new key. Null lists are empty, a null expiry takes the realm default, a null rate limit the
     * realm's.
     */
    public record NewKey(String name, List<String> roles, List<String> clientScopes, Integer expiryDays,
                         List<String> allowedCidrs, List<String> requiredHeaders, Integer rateLimitPerMinute) {

        public NewKey {
            roles = roles == null ? List.of() : List.copyOf(roles);
            clientScopes = clientScopes == null ? List.of() : List.copyOf(clientScopes);
            allowedCidrs = allowedCidrs == null ? List.of() : List.copyOf(allowedCidrs);
            requiredHeaders = requiredHeaders == null ? List.of() : List.copyOf(requiredHeaders);
        }

        /** Name, roles, client scopes and expiry only. */
        public static NewKey of(String name, List<String> roles, List<String> clientScopes, Integer expiryDays) {
            return new NewKey(name, roles, clientScopes, expiryDays, null, null, null);
        }
    }

    /** A new key: {@code key} is the plain key, to be shown exactly once and never stored or logged. */
    public record Issued(String key, ApiKeyRecord record) {

        @Override
        public String toString() {
            return "Issued[" + record.id() + "]";
        }
    }

    /**
     * The request a key is presented in.
     *
     * @param address     the client address ({@code ClientConnection.getRemoteAddr()})
     * @param header      a request header by name (case-insensitive), null when absent
     * @param askedRoles  roles the gateway or client asks of the key (may be empty)
     * @param askedScopes client scopes asked of the key (may be empty)
     * @param via         validate or exchange
     * @param clientId    the exchanging client's client id (exchange only; null for validate)
     */
    public record UseContext(String address, Function<String, String> header, Collection<String> askedRoles,
                             Collection<String> askedScopes, Via via, String clientId) {

        public UseContext {
            askedRoles = askedRoles == null ? List.of() : List.copyOf(askedRoles);
            askedScopes = askedScopes == null ? List.of() : List.copyOf(askedScopes);
            header = header == null ? h -> null : header;
        }

        public static UseContext validate(String address, Function<String, String> header, Collection<String> roles,
                Collection<String> scopes) {
            return new UseContext(address, header, roles, scopes, Via.VALIDATE, null);
        }

        public static UseContext exchange(String address, Function<String, String> header, String clientId) {
            return new UseContext(address, header, List.of(), List.of(), Via.EXCHANGE, clientId);
        }
    }

    /**
     * The answer to a presented key. {@link #ok()}: {@code refusal} null, key, owner and effective roles/scopes
     * set. Refused: {@code refusal} set, {@code retryAfter} seconds for 429s (else 0), key and owner when known.
     * {@code context} holds the required context headers' values as presented (each capped at 100 characters), for
     * the use's event.
     */
    public record Verdict(Refusal refusal, long retryAfter, ApiKeyRecord key, UserModel owner, Set<String> roles,
                          Set<String> scopes, Map<String, String> context) {

        public boolean ok() {
            return refusal == null;
        }

        static Verdict refused(Refusal r, long retryAfter, ApiKeyRecord key, UserModel owner, Map<String, String> ctx) {
            return new Verdict(r, retryAfter, key, owner, Set.of(), Set.of(), ctx);
        }
    }

    public static final int MAX_NAME = 100;
    /** Roles, and client scopes, per key. */
    public static final int MAX_SCOPES = 100;
    public static final int CONTEXT_VALUE_MAX = 100;
    static final String IP_PREFIX = "gatehouse-apikey-ip:";
    static final String RATE_PREFIX = "gatehouse-apikey-rate:";
    static final String CHANGED_PREFIX = "gatehouse-apikey-changed:";

    private static final Logger LOG = Logger.getLogger(ApiKeys.class);

    private final KeycloakSession session;
    private final ApiKeyRuntime runtime;
    private final ApiKeyStore store;

    ApiKeys(KeycloakSession session, ApiKeyRuntime runtime) {
        this.session = session;
        this.runtime = runtime;
        this.store = new ApiKeyStore(session);
    }

    public static ApiKeys of(KeycloakSession session) {
        return new ApiKeys(session, ApiKeyRuntime.of(session.getKeycloakSessionFactory()));
    }

    public ApiKeySettings settings(RealmModel realm) {
        return runtime.settings(realm);
    }

    // ---------------------------------------------------------------- management

    /**
     * Issues a key to {@code owner} (a user, or a client's service-account user).
     *
     * @param actor who asks (the owner, or an admin); recorded as CREATED_BY
     * @throws ApiKeyException 400 for a bad name, expiry, range, header or a role/scope the owner doesn't hold
     *                         (named), 409 when the owner has {@code maxKeysPerOwner} active keys, 503 when the hash
     *                         secret can't be resolved
     */
    public Issued issue(RealmModel realm, UserModel owner, NewKey spec, UserModel actor) {
        return issue(realm, owner, spec, actor, null);
    }

    private Issued issue(RealmModel realm, UserModel owner, NewKey spec, UserModel actor, String rotatedFrom) {
        ApiKeySettings settings = settings(realm);
        Instant now = now();
        String name = spec.name() == null ? "" : spec.name().strip();
        if (name.isEmpty() || name.length() > MAX_NAME || !name.chars().allMatch(c -> c >= 0x20 && c != 0x7f)) {
            throw new ApiKeyException(400, "name: 1 to " + MAX_NAME + " printable characters");
        }
        int days = spec.expiryDays() == null ? settings.defaultExpiryDays() : spec.expiryDays();
        if (days < 1 || days > settings.maxExpiryDays()) {
            throw new ApiKeyException(400, "expiryDays: 1 to " + settings.maxExpiryDays());
        }
        List<String> roles = distinct(spec.roles());
        List<String> clientScopes = distinct(spec.clientScopes());
        List<String> headers = Headers.canonical(distinct(spec.requiredHeaders()));
        if (roles.size() > MAX_SCOPES || clientScopes.size() > MAX_SCOPES) {
            throw new ApiKeyException(400, (roles.size() > MAX_SCOPES ? "roles" : "clientScopes") + ": at most "
                    + MAX_SCOPES);
        }
        if (headers.size() > Headers.MAX_HEADERS || spec.allowedCidrs().size() > Cidrs.MAX_ENTRIES) {
            throw new ApiKeyException(400, (headers.size() > Headers.MAX_HEADERS ? "requiredHeaders: at most "
                    + Headers.MAX_HEADERS : "allowedCidrs: at most " + Cidrs.MAX_ENTRIES));
        }
        for (String r : roles) {
            // Gateways read the roles as one comma-separated header: a role whose name holds a comma would read
            // as two.
            if (r.indexOf(',') >= 0 || !r.chars().allMatch(c -> c >= 0x20 && c != 0x7f)) {
                throw new ApiKeyException(400, "roles: a role whose name holds a comma or a control character "
                        + "can't be given to a key: " + Printable.quote(r));
            }
        }
        checkHeld(realm, owner, roles, clientScopes);
        try {
            Cidrs.parse(spec.allowedCidrs());
        } catch (IllegalArgumentException e) {
            throw new ApiKeyException(400, "allowedCidrs: " + e.getMessage());
        }
        for (String h : headers) {
            if (!Headers.validName(h)) {
                throw new ApiKeyException(400, "requiredHeaders: header names (letters, digits, '-')");
            }
            if (Headers.sensitive(h)) {
                throw new ApiKeyException(400, "requiredHeaders: a credential or proxy header can't be a context "
                        + "header: " + Printable.quote(h));
            }
        }
        if (spec.rateLimitPerMinute() != null
                && (spec.rateLimitPerMinute() < 0 || spec.rateLimitPerMinute() > ApiKeySettings.MAX_RATE)) {
            throw new ApiKeyException(400, "rateLimitPerMinute: 0 to " + ApiKeySettings.MAX_RATE);
        }
        // A rotation replaces a key: the one it replaces still counts until its overlap ends.
        if (rotatedFrom == null && store.countActive(realm.getId(), owner.getId(), now) >= settings.maxKeysPerOwner()) {
            throw new ApiKeyException(409, "at most " + settings.maxKeysPerOwner() + " active keys per owner");
        }
        byte[] secret = activeSecret(realm, settings);
        if (secret == null) {
            throw new ApiKeyException(503, "API keys are unavailable");
        }
        String key = ApiKeyFormat.generate(settings.keyPrefix(), runtime.random());
        ApiKeyFormat.Parsed parsed = ApiKeyFormat.parse(key);
        String id = KeycloakModelUtils.generateId();
        Instant expires = now.plus(Duration.ofDays(days));
        // Keycloak refuses every credential write for a service-account user (UserCredentialManager): its keys have
        // no credential and are revoked through REST only.
        String credentialId = serviceAccount(owner) ? null : owner.credentialManager().createStoredCredential(
                ApiKeyCredentialModel.create(id, name, parsed.displayPrefix(), now, expires)).getId();
        ApiKeyRecord record = new ApiKeyRecord(id, realm.getId(), owner.getId(), credentialId, name,
                parsed.displayPrefix(), ApiKeyHash.of(secret, realm.getId(), key),
                roles, clientScopes, spec.allowedCidrs().stream().map(String::strip).toList(), headers,
                spec.rateLimitPerMinute(), now, actor == null ? null : actor.getId(), expires, null, null, rotatedFrom,
                null, null, 0, 0);
        store.insert(record);
        if (rotatedFrom == null) {
            publish(realm, ApiKeyEvent.CREATED, record, owner, actor);
        }
        return new Issued(key, record);
    }

    /**
     * Replaces the key with a new one of the same name, scopes (those the owner still holds), limits and lifetime
     * (capped by the realm maximum); the old key stays valid for {@code rotationOverlapHours}, never past its own
     * expiry.
     *
     * @throws ApiKeyException 404 for no such key, 409 for a revoked, expired or already rotated one, as
     *                         {@link #issue} (except the per-owner maximum: the new key replaces the old)
     */
    public Issued rotate(RealmModel realm, String keyId, UserModel actor) {
        ApiKeyRecord old = require(realm, keyId);
        Instant now = now();
        if (!old.active(now)) {
            throw new ApiKeyException(409, "the key is revoked or expired");
        }
        if (store.rotated(realm.getId(), old.id())) {
            throw new ApiKeyException(409, "the key was already rotated");
        }
        UserModel owner = session.users().getUserById(realm, old.ownerId());
        if (owner == null) {
            throw new ApiKeyException(404, "no such key");
        }
        ApiKeySettings settings = settings(realm);
        long lifetimeDays = Math.max(1, Duration.between(old.createdAt(), old.expiresAt()).toDays());
        int days = (int) Math.min(lifetimeDays, settings.maxExpiryDays());
        Set<String> roles = heldRoles(realm, owner, old.roles());
        Set<String> scopes = KeyScopes.effective(old.clientScopes(), allowedScopeNames(realm, owner));
        Issued issued = issue(realm, owner, new NewKey(old.name(), List.copyOf(roles), List.copyOf(scopes), days,
                old.allowedCidrs(), old.requiredHeaders(), old.rateLimit()), actor, old.id());
        Instant overlapEnd = now.plus(settings.rotationOverlap());
        ApiKeyRecord shortened = old.withExpiry(overlapEnd.isBefore(old.expiresAt()) ? overlapEnd : old.expiresAt());
        store.update(shortened);
        changed(realm, old.id());
        Map<String, String> details = details(issued.record(), owner, actor);
        details.put("rotated_from", old.id());
        details.put("old_expires", shortened.expiresAt().toString());
        new ApiKeyEvent(session, realm.getId(), ApiKeyEvent.ROTATED, null, details).publish();
        return issued;
    }

    /**
     * Revokes the key: REVOKED_AT is set and its credential removed, and since every use checks the credential
     * through Keycloak's user cache (invalidated cluster-wide), the key stops working on every node at once.
     *
     * @throws ApiKeyException 404 for no such key
     * @return false when it was already revoked (nothing changed, no event)
     */
    public boolean revoke(RealmModel realm, String keyId, UserModel actor) {
        ApiKeyRecord key = require(realm, keyId);
        if (key.revoked()) {
            return false;
        }
        ApiKeyRecord revoked = key.withRevocation(now(), actor == null ? null : actor.getId());
        store.update(revoked);
        changed(realm, keyId);
        UserModel owner = session.users().getUserById(realm, key.ownerId());
        if (owner != null && key.credentialId() != null) {
            owner.credentialManager().removeStoredCredentialById(key.credentialId());
        }
        publish(realm, ApiKeyEvent.REVOKED, revoked, owner, actor);
        return true;
    }

    /**
     * The owner's keys whose credential was removed in a console, marked revoked with their events (by {@code actor}
     * when known). Keycloak removes a credential from storage without asking the credential provider, so
     * {@link ApiKeyRevocationListener} calls this on the removal's user or admin event; every use checks the
     * credential anyway, so the key stops working at once whether or not this ran.
     *
     * @return how many keys were marked
     */
    public int credentialsRemoved(RealmModel realm, UserModel owner, UserModel actor) {
        int marked = 0;
        for (ApiKeyRecord k : store.list(realm.getId(), owner.getId(), 0, Integer.MAX_VALUE)) {
            if (reconciled(realm, k, owner, actor) != k) {
                marked++;
            }
        }
        return marked;
    }

    /**
     * The key as revoked when its credential is gone (REVOKED_AT set and the event published on first sight: a
     * removal whose event didn't reach the listener), else unchanged.
     */
    ApiKeyRecord reconciled(RealmModel realm, ApiKeyRecord key, UserModel owner, UserModel actor) {
        if (key.revoked() || owner == null || credentialPresent(owner, key)) {
            return key;
        }
        ApiKeyRecord revoked = key.withRevocation(now(), actor == null ? null : actor.getId());
        store.update(revoked);
        changed(realm, key.id());
        Map<String, String> details = details(revoked, owner, actor);
        details.put("reason", "credential_removed");
        new ApiKeyEvent(session, realm.getId(), ApiKeyEvent.REVOKED, null, details).publish();
        return revoked;
    }

    private ApiKeyRecord reconciled(RealmModel realm, ApiKeyRecord key) {
        return key == null ? null : reconciled(realm, key, session.users().getUserById(realm, key.ownerId()), null);
    }

    /** The key, or null when the realm has no key with this id. */
    public ApiKeyRecord get(RealmModel realm, String keyId) {
        return reconciled(realm, store.byId(realm.getId(), keyId));
    }

    /** The key when {@code ownerId} owns it, else null (the same answer as for a key that doesn't exist). */
    public ApiKeyRecord ownedBy(RealmModel realm, String keyId, String ownerId) {
        ApiKeyRecord k = get(realm, keyId);
        return k != null && k.ownerId().equals(ownerId) ? k : null;
    }

    /** The realm's keys ({@code ownerId} null) or one owner's, newest first. */
    public List<ApiKeyRecord> list(RealmModel realm, String ownerId, int first, int max) {
        return store.list(realm.getId(), ownerId, first, max).stream().map(k -> reconciled(realm, k)).toList();
    }

    /** The key's uses and failures per day over the last {@code days} days (days without use are absent). */
    public List<DailyUsage> usage(String keyId, int days) {
        LocalDate today = now().atOffset(ZoneOffset.UTC).toLocalDate();
        return store.usage(keyId, today.minusDays(Math.max(0, days - 1L)));
    }

    /** Role qualifiers the owner holds (effective, composites included): what a new key may carry. Sorted. */
    public List<String> grantableRoles(RealmModel realm, UserModel owner) {
        return RoleUtils.getDeepUserRoleMappings(owner).stream().map(ApiKeys::qualifier).sorted().distinct().toList();
    }

    /** Client scope names a new key of this owner may carry. Sorted. */
    public List<String> grantableScopes(RealmModel realm, UserModel owner) {
        return allowedScopeNames(realm, owner).stream().sorted().toList();
    }

    // ---------------------------------------------------------------- use

    /**
     * Checks a presented key, in the documented order: exchange client, address budget, format, lookup,
     * revoked/credential, expired, owner, address allowlist, context headers, scope, rate limit. Malformed and
     * unknown keys spend the address's budget; other refusals count as failures of the key, successes as its uses
     * (in the node's tally). Publishes nothing: the caller publishes the use's event ({@link #useEvent}).
     */
    public Verdict validate(RealmModel realm, String presentedKey, UseContext ctx) {
        ApiKeySettings settings = settings(realm);
        Instant now = now();
        if (ctx.via() == Via.EXCHANGE && !settings.exchangeAllowed(ctx.clientId())) {
            return Verdict.refused(Refusal.CLIENT_NOT_ALLOWED, 0, null, null, Map.of());
        }
        AddressBudget budget = new AddressBudget(settings.ipFailureLimit(), settings.ipFailureWindow());
        AddressThrottle throttle = new AddressThrottle(counters(), IP_PREFIX);
        Duration wait = throttle.refusal(budget, realm.getId(), ctx.address(), now);
        if (wait != null) {
            return Verdict.refused(Refusal.IP_THROTTLED, wait.toSeconds(), null, null, Map.of());
        }
        ApiKeyFormat.Parsed parsed = ApiKeyFormat.parse(presentedKey);
        if (parsed == null) {
            throttle.countFailure(budget, realm.getId(), ctx.address(), now);
            return Verdict.refused(Refusal.MALFORMED, 0, null, null, Map.of());
        }
        byte[] secret = activeSecret(realm, settings);
        if (secret == null) {
            return Verdict.refused(Refusal.UNAVAILABLE, 0, null, null, Map.of());
        }
        ApiKeyRecord key = lookup(realm, presentedKey, secret, settings);
        if (key == null) {
            // Only a miss under the active secret pays for the others (keys hashed before a realm key rotation).
            for (byte[] older : olderSecrets(realm, settings)) {
                key = lookup(realm, presentedKey, older, settings);
                if (key != null) {
                    break;
                }
            }
        }
        if (key == null) {
            throttle.countFailure(budget, realm.getId(), ctx.address(), now);
            return Verdict.refused(Refusal.UNKNOWN, 0, null, null, Map.of());
        }
        UserModel owner = session.users().getUserById(realm, key.ownerId());
        Map<String, String> context = context(settings, key, ctx);
        // The owner's roles are read once per cacheSeconds per key: a role the owner loses is lost for the key
        // within that time (the same time a rotation's new expiry takes).
        ApiKeyRecord k = key;
        Set<String> roles = owner == null || key.roles().isEmpty() ? Set.of()
                : runtime.names("roles:" + key.id(), settings.cacheTtl().toMillis(),
                        () -> heldRoles(realm, owner, k.roles()));
        Set<String> scopes = owner == null || key.clientScopes().isEmpty() ? Set.of()
                : KeyScopes.effective(key.clientScopes(), allowedScopeNames(realm, owner));
        boolean credential = credentialPresent(owner, key);
        Refusal refusal = KeyCheck.check(new KeyCheck.Facts(key, credential, enabled(realm, owner), now,
                ctx.address(), ctx.header(), settings.requiredHeaders(), roles, scopes, ctx.askedRoles(),
                ctx.askedScopes()));
        long retryAfter = 0;
        if (refusal == null) {
            int limit = key.rateLimit() != null ? key.rateLimit() : settings.rateLimitPerMinute();
            long minute = Math.floorDiv(now.getEpochSecond(), 60);
            if (limit > 0) {
                int slot = counters().acquireAfter(RATE_PREFIX + key.id() + ":" + minute, limit,
                        Duration.ofSeconds(120), runtime.rateHints().taken(key.id(), minute));
                if (slot == 0) {
                    refusal = Refusal.RATE_LIMITED;
                    retryAfter = Math.max(1, (minute + 1) * 60 - now.getEpochSecond());
                } else {
                    runtime.rateHints().took(key.id(), minute, slot);
                }
            }
        }
        if (refusal == Refusal.REVOKED && !key.revoked() && owner != null) {
            key = reconciled(realm, key, owner, null);
        }
        if (refusal != null) {
            runtime.tally().failure(key.id(), now);
            return Verdict.refused(refusal, retryAfter, key, owner, context);
        }
        runtime.tally().success(key.id(), now, ctx.address());
        return new Verdict(null, 0, key, owner, roles, scopes, context);
    }

    /**
     * The {@value ApiKeyEvent#USE} event of a verdict (not yet published): details {@code key_id}, {@code owner},
     * {@code via}, {@code ip}, {@code reason} (refusals only: a success needs no reason) and {@code ctx_<header>};
     * error = the refusal's code.
     */
    public ApiKeyEvent useEvent(RealmModel realm, Verdict v, UseContext ctx) {
        Map<String, String> d = new LinkedHashMap<>();
        if (v.key() != null) {
            d.put("key_id", v.key().id());
        }
        if (v.owner() != null) {
            d.put("owner", v.owner().getUsername());
        }
        d.put("via", ctx.via().code());
        if (ctx.address() != null) {
            d.put("ip", cap(ctx.address(), 64));
        }
        if (!v.ok()) {
            d.put("reason", v.refusal().code());
        }
        v.context().forEach((h, value) -> d.put("ctx_" + h.toLowerCase(Locale.ROOT), value));
        return new ApiKeyEvent(session, realm.getId(), ApiKeyEvent.USE, v.ok() ? null : v.refusal().code(), d);
    }

    // ---------------------------------------------------------------- internals

    /**
     * A key's record changed (revoked, expiry shortened): forgotten by this node's cache at once, and marked in the
     * replicated single-use store for one cache lifetime, so the other nodes read it afresh instead of their
     * cached copy (a service account's key has no credential whose removal would tell them).
     */
    private void changed(RealmModel realm, String keyId) {
        runtime.cache().evictKey(keyId);
        long ttl = settings(realm).cacheTtl().toSeconds();
        if (ttl > 0) {
            session.singleUseObjects().put(CHANGED_PREFIX + keyId, ttl + 1, Map.of());
        }
    }

    private ApiKeyRecord lookup(RealmModel realm, String presented, byte[] secret, ApiKeySettings settings) {
        String hash = ApiKeyHash.of(secret, realm.getId(), presented);
        ApiKeyRecord cached = runtime.cache().get(hash);
        if (cached != null) {
            if (!session.singleUseObjects().contains(CHANGED_PREFIX + cached.id())) {
                return cached;
            }
            // Changed on some node within the last cache lifetime: the table has the truth.
            runtime.cache().evictKey(cached.id());
            ApiKeyRecord fresh = store.byHash(hash);
            return fresh != null && fresh.realmId().equals(realm.getId()) ? fresh : null;
        }
        // The unique index finds the row; the hash compare itself happens in the database on a value the attacker
        // can't steer without the secret, so timing reveals nothing about stored hashes.
        ApiKeyRecord found = store.byHash(hash);
        if (found != null && found.realmId().equals(realm.getId())) {
            runtime.cache().put(hash, found, settings.cacheTtl().toMillis());
            return found;
        }
        return null;
    }

    /**
     * The secret new keys are hashed with, tried first on lookup: the vault secret when {@code hashSecret} is set,
     * else the realm's active HS512 key. Null when it doesn't resolve (one log line, never the secret).
     */
    byte[] activeSecret(RealmModel realm, ApiKeySettings settings) {
        if (settings.hashSecret().isEmpty()) {
            KeyWrapper active = session.keys().getActiveKey(realm, KeyUse.SIG, Algorithm.HS512);
            if (active == null || active.getSecretKey() == null) {
                LOG.warnf("realm %s has no active HS512 key: API keys are unavailable", realm.getName());
                return null;
            }
            return active.getSecretKey().getEncoded();
        }
        try (VaultRawSecret secret = session.vault().getRawSecret(settings.hashSecret())) {
            byte[] value = secret.getAsArray().map(byte[]::clone).orElse(null);
            if (value == null || value.length == 0 || UnresolvedVaultSecret.is(value)) {
                LOG.warnf("realm %s: option %s of required action %s names a vault secret that doesn't resolve: API "
                        + "keys are unavailable", realm.getName(), ApiKeySettings.Option.HASH_SECRET.key(),
                        ApiKeySettingsLoader.ACTION_ID);
                return null;
            }
            return value;
        }
    }

    /**
     * The realm's other enabled HS512 keys (none with a vault secret): a realm key rotation keeps API keys working
     * while the old key stays enabled.
     */
    private List<byte[]> olderSecrets(RealmModel realm, ApiKeySettings settings) {
        if (!settings.hashSecret().isEmpty()) {
            return List.of();
        }
        KeyWrapper active = session.keys().getActiveKey(realm, KeyUse.SIG, Algorithm.HS512);
        return session.keys().getKeysStream(realm, KeyUse.SIG, Algorithm.HS512)
                .filter(k -> k.getSecretKey() != null && (active == null || !k.getKid().equals(active.getKid())))
                .map(k -> k.getSecretKey().getEncoded()).toList();
    }

    private void checkHeld(RealmModel realm, UserModel owner, List<String> roles, List<String> scopes) {
        for (String r : roles) {
            RoleModel role = role(realm, r);
            if (role == null || !owner.hasRole(role)) {
                throw new ApiKeyException(400, "role not held by the owner: " + Printable.quote(r));
            }
        }
        List<String> notHeld = KeyScopes.notHeld(scopes, allowedScopeNames(realm, owner));
        if (!notHeld.isEmpty()) {
            throw new ApiKeyException(400, "client scope not available to the owner: "
                    + Printable.quote(notHeld.get(0)));
        }
    }

    /** The stored roles the owner still holds (effective: composites and groups included). */
    private Set<String> heldRoles(RealmModel realm, UserModel owner, List<String> stored) {
        Set<String> out = new LinkedHashSet<>();
        for (String q : stored) {
            RoleModel role = role(realm, q);
            if (role != null && owner.hasRole(role)) {
                out.add(q);
            }
        }
        return out;
    }

    private RoleModel role(RealmModel realm, String qualifier) {
        return qualifier == null || qualifier.isBlank() ? null
                : KeycloakModelUtils.getRoleFromString(session, realm, qualifier);
    }

    /**
     * Client scopes a key of this owner may carry: for a service account the default and optional scopes of its
     * client, for a user the realm's default and optional client scopes.
     */
    private Set<String> allowedScopeNames(RealmModel realm, UserModel owner) {
        String link = owner.getServiceAccountClientLink();
        return runtime.names("scopes:" + realm.getId() + (link == null ? "" : ":" + link),
                settings(realm).cacheTtl().toMillis(), () -> loadScopeNames(realm, link));
    }

    private static Set<String> loadScopeNames(RealmModel realm, String link) {
        Stream<ClientScopeModel> scopes;
        if (link != null) {
            ClientModel client = realm.getClientById(link);
            scopes = client == null ? Stream.empty()
                    : Stream.concat(client.getClientScopes(true).values().stream(),
                            client.getClientScopes(false).values().stream());
        } else {
            scopes = Stream.concat(realm.getDefaultClientScopesStream(true), realm.getDefaultClientScopesStream(false));
        }
        return scopes.map(ClientScopeModel::getName).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /**
     * Whether the key's credential exists (read through the user cache, which is invalidated cluster-wide). A
     * service account's key has none (Keycloak allows no credentials for service accounts): present by definition.
     */
    private static boolean credentialPresent(UserModel owner, ApiKeyRecord key) {
        if (owner == null) {
            return false;
        }
        if (key.credentialId() == null) {
            return serviceAccount(owner);
        }
        return owner.credentialManager().getStoredCredentialById(key.credentialId()) != null;
    }

    private static boolean serviceAccount(UserModel owner) {
        return owner.getServiceAccountClientLink() != null;
    }

    /** A user enabled; a service account also needs its client enabled. */
    private static boolean enabled(RealmModel realm, UserModel owner) {
        if (owner == null || !owner.isEnabled()) {
            return false;
        }
        if (!serviceAccount(owner)) {
            return true;
        }
        ClientModel client = realm.getClientById(owner.getServiceAccountClientLink());
        return client != null && client.isEnabled();
    }

    private static String qualifier(RoleModel role) {
        if (role.isClientRole() && role.getContainer() instanceof ClientModel c) {
            return c.getClientId() + "." + role.getName();
        }
        return role.getName();
    }

    private static Map<String, String> context(ApiKeySettings settings, ApiKeyRecord key, UseContext ctx) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String h : Headers.union(settings.requiredHeaders(), key.requiredHeaders())) {
            String v = ctx.header().apply(h);
            if (v != null && !v.isBlank()) {
                out.put(h, cap(Headers.recordable(v), CONTEXT_VALUE_MAX));
            }
        }
        return out;
    }

    private void publish(RealmModel realm, String type, ApiKeyRecord key, UserModel owner, UserModel actor) {
        new ApiKeyEvent(session, realm.getId(), type, null, details(key, owner, actor)).publish();
    }

    private static Map<String, String> details(ApiKeyRecord key, UserModel owner, UserModel actor) {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("key_id", key.id());
        d.put("owner", owner == null ? key.ownerId() : owner.getUsername());
        if (actor != null) {
            d.put("by", actor.getUsername());
        }
        d.put("name", key.name());
        d.put("expires", key.expiresAt().toString());
        d.put("roles", String.join(",", key.roles()));
        d.put("scopes", String.join(" ", key.clientScopes()));
        return d;
    }

    private ApiKeyRecord require(RealmModel realm, String keyId) {
        ApiKeyRecord k = get(realm, keyId);
        if (k == null) {
            throw new ApiKeyException(404, "no such key");
        }
        return k;
    }

    private ReplicatedCounters counters() {
        return new ReplicatedCounters(session.singleUseObjects());
    }

    private static List<String> distinct(List<String> values) {
        return values.stream().filter(v -> v != null).map(String::strip).filter(v -> !v.isEmpty()).distinct().toList();
    }

    /** Keycloak's clock, so that its time offset applies. */
    static Instant now() {
        return Instant.ofEpochMilli(Time.currentTimeMillis());
    }

    private static String cap(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
