package dev.gatehouse.authenticators.apikey.keycloak;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/**
 * {@code /realms/{realm}/gatehouse-api-keys}: the validation endpoint and the account REST. Holds the node's
 * {@link ApiKeyRuntime} (others find it with {@link ApiKeyRuntime#of}).
 */
public class ApiKeyResourceFactory implements RealmResourceProviderFactory {

    public static final String PROVIDER_ID = "gatehouse-api-keys";

    private final ApiKeyRuntime runtime = new ApiKeyRuntime();

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new RealmResourceProvider() {
            @Override
            public Object getResource() {
                return new ApiKeyResource(session);
            }

            @Override
            public void close() {
            }
        };
    }

    public ApiKeyRuntime runtime() {
        return runtime;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        runtime.start(factory);
    }

    @Override
    public void close() {
        runtime.stop();
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
