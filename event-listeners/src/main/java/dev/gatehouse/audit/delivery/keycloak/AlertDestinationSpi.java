package dev.gatehouse.audit.delivery.keycloak;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/**
 * The pack's own SPI for alert destinations, always loaded (unlike Keycloak's experimental admin-console page SPI),
 * so a realm JSON holding destinations imports on a stock server.
 */
public class AlertDestinationSpi implements Spi {

    public static final String NAME = "gatehouse-alert-destination";

    @Override
    public boolean isInternal() {
        return false;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return AlertDestinationProvider.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return AlertDestinationProviderFactory.class;
    }
}
