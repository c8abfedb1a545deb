package dev.gatehouse.vault.keycloak;

import java.util.List;

import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.cluster.ClusterProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.EnvironmentDependentProviderFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ProviderEvent;
import org.keycloak.vault.VaultProvider;
import org.keycloak.vault.VaultProviderFactory;

import dev.gatehouse.vault.BackendException;
import dev.gatehouse.vault.ResolverConfig;
import dev.gatehouse.vault.SecretBackend;
import dev.gatehouse.vault.SecretResolver;
import dev.gatehouse.vault.VaultOption;

/**
 * The {@code gatehouse} vault provider: {@code --spi-vault--provider=gatehouse}, options
 * {@code --spi-vault--gatehouse--<name>} ({@link VaultOption}, tabled in docs/vault.md).
 * <ul>
 * <li>{@code init}: options parsed and backends built; a bad option stops the server with a message naming it.</li>
 * <li>{@code postInit}: the session factory goes to {@link KeycloakHostServices}, which lends the backends
 * Keycloak's HTTP client and executor on first use.</li>
 * <li>Once Keycloak has started ({@link PostMigrationEvent}), each backend's reachability and authentication is
 * checked on that executor and logged; an unreachable backend does not stop the server. From then on the node
 * also listens for cluster-wide flushes ({@link VaultClusterFlush}).</li>
 * </ul>
 */
public class GatehouseVaultProviderFactory implements VaultProviderFactory, EnvironmentDependentProviderFactory {

    public static final String PROVIDER_ID = "gatehouse";
    private static final Logger LOG = Logger.getLogger(GatehouseVaultProviderFactory.class);

    private final KeycloakHostServices host = new KeycloakHostServices();
    private SecretResolver resolver;
    private VaultClusterFlush clusterFlush;

    @Override
    public VaultProvider create(KeycloakSession session) {
        return new GatehouseVaultProvider(session, resolver);
    }

    /**
     * Active only when selected ({@code --spi-vault--provider=gatehouse}): installing the pack must not take over
     * from a vault an admin already chose, such as {@code --vault=file}.
     */
    @Override
    public boolean isSupported(Config.Scope config) {
        return PROVIDER_ID.equals(Config.getProvider("vault"));
    }

    @Override
    public void init(Config.Scope config) {
        try {
            resolver = ResolverConfig.build(config::get, System.getenv(), host);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("gatehouse vault: " + e.getMessage(), e);
        }
        clusterFlush = new VaultClusterFlush(resolver);
        LOG.infof("gatehouse vault: backends %s", resolver.backends().keySet());
    }

    /** This node's resolver, for the admin resource (inventory status, flush). */
    SecretResolver resolver() {
        return resolver;
    }

    VaultClusterFlush clusterFlush() {
        return clusterFlush;
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        host.start(factory);
        factory.register(this::onEvent);
    }

    private void onEvent(ProviderEvent event) {
        if (event instanceof PostMigrationEvent started) {
            // A node not listening yet has only just started: its cache holds little or nothing to drop.
            try {
                KeycloakModelUtils.runJobInTransaction(started.getFactory(), session -> {
                    ClusterProvider cluster = session.getProvider(ClusterProvider.class);
                    if (cluster == null) {
                        LOG.warn("gatehouse vault: no cluster provider; a flush drops cached secrets on the node asked only");
                    } else {
                        clusterFlush.listen(cluster);
                    }
                });
            } catch (RuntimeException e) {
                LOG.warnf("gatehouse vault: not listening for cluster-wide flushes: %s", e.toString());
            }
            try {
                // In the background, so a slow backend doesn't delay the start.
                host.background().execute(() -> resolver.backends().values().forEach(GatehouseVaultProviderFactory::check));
            } catch (RuntimeException e) {
                // Never break Keycloak's start for a check that only logs.
                LOG.warnf("gatehouse vault: start-up check not run: %s", e.toString());
            }
        }
    }

    private static void check(SecretBackend b) {
        try {
            b.check();
            LOG.infof("gatehouse vault: backend %s reachable and authenticated", b.id());
        } catch (BackendException e) {
            LOG.warnf("gatehouse vault: backend %s not usable at start (%s: %s); lookups will retry", b.id(), e.kind(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.warnf("gatehouse vault: backend %s not usable at start: %s", b.id(), e.toString());
        }
    }

    @Override
    public void close() {
        if (resolver != null) {
            resolver.close();
        }
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        ProviderConfigurationBuilder b = ProviderConfigurationBuilder.create();
        for (VaultOption o : VaultOption.values()) {
            b.property().name(o.key()).type(o.flag() ? ProviderConfigProperty.BOOLEAN_TYPE : ProviderConfigProperty.STRING_TYPE)
                    .defaultValue(o.defaultValue()).helpText(o.helpText()).add();
        }
        return b.build();
    }
}
