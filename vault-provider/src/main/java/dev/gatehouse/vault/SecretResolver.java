package dev.gatehouse.vault;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves the id inside {@code ${vault.…}} for a realm: parse and validate the reference, pick the backend,
 * scope the name to the realm, then go through the cache, picking a JSON field if asked. Plain Java: the
 * Keycloak provider only adds logging and events around it.
 */
public final class SecretResolver implements AutoCloseable {

    /**
     * A lookup's result; {@code fetched} is true when the backend was called (not a cache hit). {@code expiresAt}
     * and {@code rotatesAt} are what the backend said of the value, when it did.
     */
    public record Lookup(Optional<byte[]> value, String backend, String backendName, SecretCache.Outcome outcome,
                         String detail, boolean fetched, Instant expiresAt, Instant rotatesAt) {

        /** True when the backend answered with a value already past its expiry, which the cache refused. */
        public boolean expired() {
            return outcome == SecretCache.Outcome.FAILED && expiresAt != null;
        }
    }

    /** Where a reference points in a realm, without fetching it. */
    public record Target(SecretRef ref, String backend, String backendName) {
    }

    /** A reference parsed for one realm: what every lookup of it needs, so a cache hit is two map reads and a copy. */
    private record Prepared(Target target, SecretBackend backend, String cacheKey) {
    }

    /** Bound on memoised references per realm and on realms; past it references are parsed on each lookup. */
    static final int MAX_PREPARED = 1_000;

    private final Map<String, SecretBackend> backends;
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, Prepared>> prepared = new ConcurrentHashMap<>();
    private final String defaultBackend;
    private final SecretNames names;
    private final SecretCache cache;
    private final Duration expiryWarning;

    public SecretResolver(Map<String, SecretBackend> backends, String defaultBackend, SecretNames names, SecretCache cache) {
        this(backends, defaultBackend, names, cache, Duration.parse(VaultOption.EXPIRY_WARNING.defaultValue()));
    }

    /** @param expiryWarning how long ahead of a known expiry or rotation a fetch is reported; zero for never */
    public SecretResolver(Map<String, SecretBackend> backends, String defaultBackend, SecretNames names, SecretCache cache,
                          Duration expiryWarning) {
        if (!backends.containsKey(defaultBackend)) {
            throw new IllegalArgumentException("default-backend " + defaultBackend + " is not one of backends " + backends.keySet());
        }
        this.backends = Collections.unmodifiableMap(new LinkedHashMap<>(backends));
        this.defaultBackend = defaultBackend;
        this.names = names;
        this.cache = cache;
        this.expiryWarning = expiryWarning;
    }

    /**
     * @throws IllegalArgumentException for a reference that is malformed, unsafe or names an inactive backend
     */
    public Target target(String realm, String id) {
        SecretRef ref = SecretRef.parse(id);
        String backendId = ref.backend() == null ? defaultBackend : ref.backend();
        SecretBackend backend = backends.get(backendId);
        if (backend == null) {
            throw new IllegalArgumentException("backend " + backendId + " is not active (active: " + backends.keySet() + ")");
        }
        String backendName = switch (backend.naming()) {
            case ENVIRONMENT -> names.environmentVariable(realm, ref);
            case FLAT -> names.flat(realm, ref);
            case PATH -> names.path(realm, ref);
        };
        return new Target(ref, backendId, backendName);
    }

    /**
     * @throws IllegalArgumentException for a reference that is malformed, unsafe or names an inactive backend
     */
    public Lookup resolve(String realm, String id) {
        Prepared p = prepare(realm, id);
        Target t = p.target();
        SecretBackend backend = p.backend();
        SecretRef ref = t.ref();
        boolean[] called = {false};
        SecretCache.Result r = cache.get(p.cacheKey(), () -> {
            called[0] = true;
            FetchedSecret secret = backend.fetch(t.backendName(), ref.version());
            byte[] raw = secret.value();
            try {
                return secret.withValue(ref.field() == null && backend.structured()
                        ? FieldSelector.only(raw) : FieldSelector.select(raw, ref.field()));
            } finally {
                if (ref.field() != null || backend.structured()) {
                    Arrays.fill(raw, (byte) 0); // the whole JSON held every other field too
                }
            }
        });
        return new Lookup(r.value(), t.backend(), t.backendName(), r.outcome(), r.detail(), called[0], r.expiresAt(), r.rotatesAt());
    }

    private Prepared prepare(String realm, String id) {
        ConcurrentHashMap<String, Prepared> ofRealm = prepared.get(realm);
        Prepared p = ofRealm == null || id == null ? null : ofRealm.get(id);
        if (p != null) {
            return p;
        }
        Target t = target(realm, id); // throws for a bad reference, which is therefore never kept
        p = new Prepared(t, backends.get(t.backend()), t.ref().cacheKey(realm, t.backend()));
        if (ofRealm == null && prepared.size() < MAX_PREPARED) {
            ofRealm = prepared.computeIfAbsent(realm, r -> new ConcurrentHashMap<>());
        }
        if (ofRealm != null && ofRealm.size() < MAX_PREPARED) {
            ofRealm.put(id, p);
        }
        return p;
    }

    /**
     * Drops a realm's cached secrets on this node: every version and field of one reference's secret, or, with a
     * null reference, all of the realm's. Returns how many entries were dropped.
     *
     * @throws IllegalArgumentException for a reference that is malformed, unsafe or names an inactive backend
     */
    public int flush(String realm, String id) {
        if (id == null) {
            String realmPart = "\u0000" + realm + "\u0000";
            return cache.invalidate(k -> k.startsWith(realmPart, k.indexOf('\u0000')));
        }
        Target t = target(realm, id);
        String prefix = new SecretRef(null, t.ref().name(), null, null).cacheKey(realm, t.backend());
        String secret = prefix.substring(0, prefix.length() - 2); // backend, realm, name; any version and field
        return cache.invalidate(k -> k.startsWith(secret + "\u0000"));
    }

    /** This node's last backend call for a reference, for the inventory. */
    public Optional<SecretCache.Status> status(String realm, String id) {
        Target t = target(realm, id);
        return cache.status(t.ref().cacheKey(realm, t.backend()));
    }

    /** The {@code expiry-warning} option. */
    public Duration expiryWarning() {
        return expiryWarning;
    }

    /** Whether a lookup's fresh value expires or rotates within {@code expiry-warning} of {@code now}. */
    public Optional<ExpiryNotice> expiryNotice(Lookup lookup, Instant now) {
        return ExpiryNotice.of(lookup, expiryWarning, now);
    }

    public Map<String, SecretBackend> backends() {
        return backends;
    }

    @Override
    public void close() {
        backends.values().forEach(SecretBackend::close);
    }
}
