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
 * Azure Key Vault over its REST API ({@code GET {vault}/secrets/{name}/{version}?api-version=7.4}), through the
 * host's HTTP client. SKELETON: lane azure implements it.
 */
public final class AzureKeyVaultBackend implements SecretBackend {

    public static final String ID = "azure";

    public enum Auth {
        MANAGED_IDENTITY, CLIENT_SECRET, CLIENT_CERTIFICATE, WORKLOAD_IDENTITY;

        public String option() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** Files are read on each token request, so rotated credentials are picked up. */
    public record Settings(URI vaultUrl, Auth auth, String tenantId, String clientId, Path clientSecretFile,
                           Path clientCertificateFile, Path federatedTokenFile, URI authorityHost, URI imdsEndpoint,
                           Duration timeout) {
    }

    private final Settings settings;
    private final HttpTransport http;
    private final Clock clock;

    public AzureKeyVaultBackend(Settings settings, HostServices host, Clock clock) {
        this.settings = settings;
        this.http = new HttpTransport("Azure Key Vault", host, settings.timeout());
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
