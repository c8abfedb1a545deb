package dev.gatehouse.audit.alert.keycloak;

import org.keycloak.provider.Provider;

/**
 * The provider type of alert rule components ({@code components["dev.gatehouse.audit.alert.keycloak.AlertRuleProvider"]}
 * in realm JSON). Rules are configuration only: nothing is ever created from a component, the evaluator reads
 * their config.
 */
public interface AlertRuleProvider extends Provider {
}
