package dev.gatehouse.vault.backend;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.gatehouse.vault.BackendException;
import dev.gatehouse.vault.FetchedSecret;
import dev.gatehouse.vault.SecretBackend;

/** Secrets from environment variables (the default backend, and what ./dev.sh uses). */
public final class EnvironmentBackend implements SecretBackend {

    public static final String ID = "env";

    private final Map<String, String> environment;

    public EnvironmentBackend(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Naming naming() {
        return Naming.ENVIRONMENT;
    }

    @Override
    public FetchedSecret fetch(String name, String version) throws BackendException {
        if (version != null) {
            throw new BackendException(BackendException.Kind.BAD_RESPONSE, "environment variables have no versions");
        }
        String value = environment.get(name);
        if (value == null) {
            throw new BackendException(BackendException.Kind.NOT_FOUND, "environment variable " + name + " is not set");
        }
        return FetchedSecret.of(value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void check() {
        // always reachable
    }
}
