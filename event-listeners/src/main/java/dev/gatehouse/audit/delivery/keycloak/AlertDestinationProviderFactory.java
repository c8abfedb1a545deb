package dev.gatehouse.audit.delivery.keycloak;

import org.keycloak.component.ComponentFactory;

/** Factories of {@link AlertDestinationSpi}; the pack has one, {@link AlertDestinationFactory}. */
public interface AlertDestinationProviderFactory extends ComponentFactory<AlertDestinationProvider, AlertDestinationProvider> {
}
