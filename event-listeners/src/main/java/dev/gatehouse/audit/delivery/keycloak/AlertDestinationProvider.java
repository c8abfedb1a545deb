package dev.gatehouse.audit.delivery.keycloak;

import org.keycloak.provider.Provider;

/**
 * The provider type of alert destinations ({@link AlertDestinationSpi}): destinations are components of this type
 * under the realm ({@code components["dev.gatehouse.audit.delivery.keycloak.AlertDestinationProvider"]} in realm
 * JSON). Nothing is created from it: the components' config is the destination, read by {@link Destinations}.
 */
public interface AlertDestinationProvider extends Provider {
}
