package dev.gatehouse.audit.alert.keycloak;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/**
 * {@code gatehouse-alert-rule}: our own component type for alert rules, always loaded (Keycloak's admin-UI page
 * SPI would tie realm JSON with rules to an experimental feature).
 */
public class AlertRuleSpi implements Spi {

    public static final String NAME = "gatehouse-alert-rule";

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
        return AlertRuleProvider.class;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return AlertRuleProviderFactory.class;
    }
}
