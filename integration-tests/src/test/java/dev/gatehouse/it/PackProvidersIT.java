package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import dev.gatehouse.testsupport.PackProviders;

import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.info.ThemeInfoRepresentation;
import org.keycloak.representations.info.ServerInfoRepresentation;
import org.keycloak.representations.info.SpiInfoRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.server.KeycloakServerConfig;
import org.keycloak.testframework.server.KeycloakServerConfigBuilder;

/** The pack's jars load into a stock Keycloak 26.7.x and every pack provider shows in /admin/serverinfo. */
@KeycloakIntegrationTest(config = PackProvidersIT.PackServer.class)
class PackProvidersIT {

    @InjectAdminClient
    Keycloak admin;

    @Test
    void serverInfoListsEveryPackProvider() {
        ServerInfoRepresentation info = admin.serverInfo().getInfo();

        for (Map.Entry<String, List<String>> e : PackProviders.THEMES.entrySet()) {
            List<String> loaded = info.getThemes().get(e.getKey()).stream().map(ThemeInfoRepresentation::getName).toList();
            assertTrue(loaded.containsAll(e.getValue()), e.getKey() + " themes " + loaded + " lack " + e.getValue());
        }
        for (Map.Entry<String, List<String>> e : PackProviders.PROVIDERS.entrySet()) {
            SpiInfoRepresentation spi = info.getProviders().get(e.getKey());
            assertTrue(spi != null, "SPI " + e.getKey() + " missing");
            assertTrue(spi.getProviders().keySet().containsAll(e.getValue()),
                    e.getKey() + " providers " + spi.getProviders().keySet() + " lack " + e.getValue());
        }
    }

    public static class PackServer implements KeycloakServerConfig {
        @Override
        public KeycloakServerConfigBuilder configure(KeycloakServerConfigBuilder config) {
            PackProviders.MODULES.forEach(module -> config.dependency("dev.gatehouse", module));
            return config.option("spi-vault--provider", "gatehouse");
        }
    }
}
