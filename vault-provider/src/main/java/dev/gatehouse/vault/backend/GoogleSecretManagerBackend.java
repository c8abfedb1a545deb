package dev.gatehouse.vault.backend;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;

import dev.gatehouse.vault.BackendException;
import dev.gatehouse.vault.FetchedSecret;
import dev.gatehouse.vault.HostServices;
import dev.gatehouse.vault.SecretBackend;

/**
 * Google Secret Manager over its REST API ({@code GET {endpoint}/v1/projects/{p}/secrets/{s}/versions/{v}:access}),
 * through the host's HTTP client. SKELETON: lane gcp implements it.
 */
public final class GoogleSecretManagerBackend implements SecretBackend {

    public static final String ID = "gcp";

    public enum Auth {
        METADATA, SERVICE_ACCOUNT_KEY;

        public String option() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** The key file is read on each token request. */
    public record Settings(String project, Auth auth, Path serviceAccountKeyFile, URI endpoint, String metadataHost,
                           Duration timeout) {
    }

    private final Settings settings;
    private final HttpTransport http;
    private final Clock clock;

    public GoogleSecretManagerBackend(Settings settings, HostServices host, Clock clock) {
        this.settings = settings;
        this.http = new HttpTransport("Google Secret Manager", host, settings.timeout());
        this.clock = clock;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Naming naming() {
        return Naming.FLAT;
    }

    @Override
    public FetchedSecret fetch(String name, String version) throws BackendException {
        throw new BackendException(BackendException.Kind.UNAVAILABLE, "not implemented yet");
    }

    @Override
    public void check() throws BackendException {
        throw new BackendException(BackendException.Kind.UNAVAILABLE, "not implemented yet");
    }
}
