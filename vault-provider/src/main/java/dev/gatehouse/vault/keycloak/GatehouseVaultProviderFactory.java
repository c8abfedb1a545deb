package dev.gatehouse.vault.keycloak;

import java.util.List;

import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.EnvironmentDependentProviderFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.vault.VaultProvider;
import org.keycloak.vault.VaultProviderFactory;

import dev.gatehouse.vault.BackendException;
import dev.gatehouse.vault.ResolverConfig;
import dev.gatehouse.vault.SecretResolver;

/**
 * The {@code gatehouse} vault provider: {@code --spi-vault--provider=gatehouse}, options
 * {@code --spi-vault--gatehouse--<name>} (declared in {@link #getConfigMetadata()}, tabled in the README).
 * Bad options stop the server with a message naming the option; unreachable backends only log.
 */
public class GatehouseVaultProviderFactory implements VaultProviderFactory, EnvironmentDependentProviderFactory {

    public static final String PROVIDER_ID = "gatehouse";
    private static final Logger LOG = Logger.getLogger(GatehouseVaultProviderFactory.class);

    private SecretResolver resolver;

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
            resolver = ResolverConfig.build(config::get, System.getenv());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("gatehouse vault: " + e.getMessage(), e);
        }
        LOG.infof("gatehouse vault: backends %s", resolver.backends().keySet());
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        // Reachability and auth of each backend, logged; in the background so a slow backend doesn't delay start.
        Thread check = new Thread(() -> resolver.backends().values().forEach(b -> {
            try {
                b.check();
                LOG.infof("gatehouse vault: backend %s reachable and authenticated", b.id());
            } catch (BackendException e) {
                LOG.warnf("gatehouse vault: backend %s not usable at start (%s: %s); lookups will retry", b.id(), e.kind(), e.getMessage());
            } catch (RuntimeException e) {
                LOG.warnf("gatehouse vault: backend %s not usable at start: %s", b.id(), e.toString());
            }
        }), "gatehouse-vault-check");
        check.setDaemon(true);
        check.start();
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
        return ProviderConfigurationBuilder.create()
                .property().name("backends").type(ProviderConfigProperty.STRING_TYPE).defaultValue("env")
                .helpText("Active backends, comma-separated: env, aws, hashicorp.").add()
                .property().name("default-backend").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Backend of references without a 'backend:' prefix. Default: the first of backends.").add()
                .property().name("name-template").type(ProviderConfigProperty.STRING_TYPE).defaultValue("keycloak/{realm}/{name}")
                .helpText("Backend name of a secret for aws and hashicorp; must contain {realm} unless cross-realm is true.").add()
                .property().name("cross-realm").type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("false")
                .helpText("Allow a name-template without {realm}, so every realm reads the same secrets.").add()
                .property().name("env-prefix").type(ProviderConfigProperty.STRING_TYPE).defaultValue("KC_VAULT_")
                .helpText("Prefix of environment variables, which are prefix + realm + __ + name, every character but letters and digits as _ and two hex digits.").add()
                .property().name("cache-ttl").type(ProviderConfigProperty.STRING_TYPE).defaultValue("PT5M")
                .helpText("How long a fetched secret is served from memory.").add()
                .property().name("not-found-ttl").type(ProviderConfigProperty.STRING_TYPE).defaultValue("PT30S")
                .helpText("How long 'not found' is remembered.").add()
                .property().name("max-stale").type(ProviderConfigProperty.STRING_TYPE).defaultValue("PT1H")
                .helpText("How long past its TTL a value is still served while the backend is down or throttling.").add()
                .property().name("retry-backoff").type(ProviderConfigProperty.STRING_TYPE).defaultValue("PT5S")
                .helpText("First wait before retrying a failing backend; doubles each failure.").add()
                .property().name("retry-backoff-max").type(ProviderConfigProperty.STRING_TYPE).defaultValue("PT5M")
                .helpText("Longest wait between retries of a failing backend.").add()
                .property().name("aws-region").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("AWS region; default: the SDK's region chain (AWS_REGION, profile, instance metadata).").add()
                .property().name("aws-endpoint").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Endpoint override (VPC endpoint, FIPS, or a test server).").add()
                .property().name("aws-timeout").type(ProviderConfigProperty.STRING_TYPE).defaultValue("PT5S")
                .helpText("Connect and read timeout of AWS calls.").add()
                .property().name("hashicorp-address").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Vault address, e.g. https://vault.example.com:8200.").add()
                .property().name("hashicorp-namespace").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Vault Enterprise namespace (X-Vault-Namespace).").add()
                .property().name("hashicorp-auth").type(ProviderConfigProperty.STRING_TYPE).defaultValue("token")
                .helpText("token, approle or kubernetes.").add()
                .property().name("hashicorp-token-file").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("File holding the Vault token (auth token).").add()
                .property().name("hashicorp-role-id").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("AppRole role id (auth approle).").add()
                .property().name("hashicorp-secret-id-file").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("File holding the AppRole secret id (auth approle).").add()
                .property().name("hashicorp-kubernetes-role").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Vault role for Kubernetes auth.").add()
                .property().name("hashicorp-kubernetes-jwt-file").type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue("/var/run/secrets/kubernetes.io/serviceaccount/token")
                .helpText("Service account token file for Kubernetes auth.").add()
                .property().name("hashicorp-auth-mount").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Auth method mount path. Default: approle or kubernetes.").add()
                .property().name("hashicorp-kv-mount").type(ProviderConfigProperty.STRING_TYPE).defaultValue("secret")
                .helpText("KV secrets engine mount path.").add()
                .property().name("hashicorp-kv-version").type(ProviderConfigProperty.STRING_TYPE).defaultValue("2")
                .helpText("KV engine version, 1 or 2.").add()
                .property().name("hashicorp-timeout").type(ProviderConfigProperty.STRING_TYPE).defaultValue("PT5S")
                .helpText("Connect and request timeout of Vault calls.").add()
                .build();
    }
}
