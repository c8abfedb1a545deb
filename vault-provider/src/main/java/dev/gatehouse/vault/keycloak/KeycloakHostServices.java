package dev.gatehouse.vault.keycloak;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;

import org.apache.http.impl.client.CloseableHttpClient;
import org.keycloak.connections.httpclient.HttpClientProvider;
import org.keycloak.executors.ExecutorsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

import dev.gatehouse.vault.HostServices;

/**
 * Keycloak's outgoing HTTP client and an executor, lent to the backends.
 *
 * <p>The provider factory has no session in {@code init}, where the backends are built, so these are fetched on
 * first use, from a short session of the {@link KeycloakSessionFactory} handed over in {@code postInit}. Both are
 * server-wide singletons: {@code HttpClientProvider.getHttpClient()} returns the one client its factory builds
 * (with the admin's {@code --spi-connections-http-client--default--*} settings and Keycloak's truststore) and
 * closes at shutdown, and {@code ExecutorsProvider.getExecutor(name)} returns one pool per name that Keycloak shuts
 * down. Neither is closed here.
 */
final class KeycloakHostServices implements HostServices {

    /** The {@code ExecutorsProvider} task type: a pool of its own, sized with Keycloak's executors options. */
    static final String EXECUTOR = "gatehouse-vault";

    private record Lent(CloseableHttpClient client, long maxResponseBytes, ExecutorService executor) {
    }

    private volatile KeycloakSessionFactory factory;
    private volatile Lent lent;

    /** From {@code postInit}: before this, no backend call can happen (Keycloak isn't serving). */
    void start(KeycloakSessionFactory factory) {
        this.factory = factory;
    }

    @Override
    public CloseableHttpClient httpClient() {
        return lent().client();
    }

    @Override
    public long maxResponseBytes() {
        return lent().maxResponseBytes();
    }

    @Override
    public Executor background() {
        return lent().executor();
    }

    private Lent lent() {
        Lent l = lent;
        if (l == null) {
            synchronized (this) {
                l = lent;
                if (l == null) {
                    if (factory == null) {
                        throw new IllegalStateException("gatehouse vault: backend used before Keycloak started");
                    }
                    try (KeycloakSession session = factory.create()) {
                        HttpClientProvider http = session.getProvider(HttpClientProvider.class);
                        l = new Lent(http.getHttpClient(), http.getMaxConsumedResponseSize(),
                                session.getProvider(ExecutorsProvider.class).getExecutor(EXECUTOR));
                    }
                    lent = l;
                }
            }
        }
        return l;
    }
}
