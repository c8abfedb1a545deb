package dev.gatehouse.vault;

/**
 * One secret manager. Implementations fetch one secret by its full backend name; scoping, caching and field
 * selection happen above them, so a backend is one class (plus its token source, for the cloud ones).
 */
public interface SecretBackend extends AutoCloseable {

    String id();

    /** How a realm's reference becomes this backend's name ({@link SecretNames}). */
    enum Naming {
        /** name-template as is: AWS, HashiCorp Vault. */
        PATH,
        /** name-template, then flattened to letters, digits and dashes: Azure Key Vault, Google Secret Manager. */
        FLAT,
        /** An environment variable: the env backend. */
        ENVIRONMENT
    }

    default Naming naming() {
        return Naming.PATH;
    }

    /**
     * @param name    the backend's name for the secret (already scoped to the realm)
     * @param version a version stage or id, or null for the current one
     * @return the secret's bytes (the caller owns and wipes them) and its known expiry or rotation
     */
    FetchedSecret fetch(String name, String version) throws BackendException;

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
