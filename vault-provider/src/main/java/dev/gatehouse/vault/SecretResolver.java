package dev.gatehouse.vault;

import java.util.Map;
import java.util.Optional;

/**
 * Resolves the id inside {@code ${vault.…}} for a realm: parse and validate the reference, pick the backend,
 * scope the name to the realm, then go through the cache, picking a JSON field if asked. Plain Java: the
 * Keycloak provider only adds logging and events around it.
 */
public final class SecretResolver implements AutoCloseable {

    /** A lookup's result; {@code fetched} is true when the backend was called (not a cache hit). */
    public record Lookup(Optional<byte[]> value, String backend, String backendName, SecretCache.Outcome outcome,
                         String detail, boolean fetched) {
    }

    private final Map<String, SecretBackend> backends;
    private final String defaultBackend;
    private final SecretNames names;
    private final SecretCache cache;

    public SecretResolver(Map<String, SecretBackend> backends, String defaultBackend, SecretNames names, SecretCache cache) {
        if (!backends.containsKey(defaultBackend)) {
            throw new IllegalArgumentException("default-backend " + defaultBackend + " is not one of backends " + backends.keySet());
        }
        this.backends = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(backends));
        this.defaultBackend = defaultBackend;
        this.names = names;
        this.cache = cache;
    }

    /**
     * @throws IllegalArgumentException for a reference that is malformed, unsafe or names an inactive backend
     */
    public Lookup resolve(String realm, String id) {
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
        boolean[] called = {false};
        SecretCache.Result r = cache.get(ref.cacheKey(realm, backendId), () -> {
            called[0] = true;
            byte[] secret = backend.fetch(backendName, ref.version()).value();
            return ref.field() == null && backend.structured() ? FieldSelector.only(secret) : FieldSelector.select(secret, ref.field());
        });
        return new Lookup(r.value(), backendId, backendName, r.outcome(), r.detail(), called[0]);
    }

    public Map<String, SecretBackend> backends() {
        return backends;
    }

    @Override
    public void close() {
        backends.values().forEach(SecretBackend::close);
    }
}
