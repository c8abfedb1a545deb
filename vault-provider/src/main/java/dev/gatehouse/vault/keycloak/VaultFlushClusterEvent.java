package dev.gatehouse.vault.keycloak;

import org.keycloak.cluster.ClusterEvent;

/**
 * "Drop this realm's cached secret (or all of them, {@code reference} null)", sent to every node through Keycloak's
 * {@code ClusterProvider}. {@code origin} names the sending node, for the receivers' log. In a cluster it travels
 * marshalled by ProtoStream: {@link VaultFlushSchema} declares it.
 */
record VaultFlushClusterEvent(String realm, String reference, String origin) implements ClusterEvent {
}
