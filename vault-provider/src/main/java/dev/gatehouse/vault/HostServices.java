package dev.gatehouse.vault;

import java.util.concurrent.Executor;

import org.apache.http.impl.client.CloseableHttpClient;

/**
 * What the server lends the backends: its outgoing HTTP client and an executor for background work. In Keycloak
 * these are {@code HttpClientProvider}'s client (so the admin's proxy, timeout, pool and truststore settings
 * apply) and an {@code ExecutorsProvider} executor; see {@code vault.keycloak.KeycloakHostServices}. Tests and
 * benchmarks pass a client built the same way. Backends never close the client: its owner does.
 */
public interface HostServices {

    /** Keycloak's default for {@code max-consumed-response-size}. */
    long DEFAULT_MAX_RESPONSE_BYTES = 10_000_000L;

    CloseableHttpClient httpClient();

    /** Longer answers are refused rather than read into memory. */
    long maxResponseBytes();

    /** Runs work that must not hold up a lookup (token renewal, start-up checks). */
    Executor background();

    /** A fixed client and executor, for tests and benchmarks. */
    static HostServices of(CloseableHttpClient client, Executor background) {
        return new HostServices() {
            @Override
            public CloseableHttpClient httpClient() {
                return client;
            }

            @Override
            public long maxResponseBytes() {
                return DEFAULT_MAX_RESPONSE_BYTES;
            }

            @Override
            public Executor background() {
                return background;
            }
        };
    }
}
