package dev.gatehouse.authenticators.apikey.keycloak;

import java.util.List;

import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;

/** Registers the API key tables with Keycloak's JPA and their Liquibase changelog. */
public class ApiKeyJpaEntityProvider implements JpaEntityProvider {

    @Override
    public List<Class<?>> getEntities() {
        return List.of(ApiKeyEntity.class, ApiKeyUsageEntity.class);
    }

    @Override
    public String getChangelogLocation() {
        return "META-INF/gatehouse-apikey-changelog.xml";
    }

    @Override
    public String getFactoryId() {
        return ApiKeyJpaEntityProviderFactory.PROVIDER_ID;
    }

    @Override
    public void close() {
    }
}
