package dev.gatehouse.vault;

/**
 * One secret manager. Implementations fetch one secret by its full backend name; scoping, caching and field
 * selection happen above them, so adding Azure Key Vault or Google Secret Manager is one class.
 */
public interface SecretBackend extends AutoCloseable {

    String id();

    /**
     * @param name    the backend's name for the secret (already scoped to the realm)
     * @param version a version stage or id, or null for the current one
     * @return the secret's bytes (the caller owns and wipes them)
     */
    byte[] fetch(String name, String version) throws BackendException;

    /** True when every secret is a JSON object (Vault KV): without a field, it must have exactly one key. */
    default boolean structured() {
        return false;
    }

    /** Checks reachability and authentication at start; throws with a message for the log. */
    void check() throws BackendException;

    @Override
    default void close() {
    }
}
