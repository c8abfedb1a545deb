package dev.gatehouse.vault.keycloak;

import java.lang.management.ManagementFactory;

import org.jboss.logging.Logger;
import org.keycloak.cluster.ClusterEvent;
import org.keycloak.cluster.ClusterListener;
import org.keycloak.cluster.ClusterProvider;
import org.keycloak.models.KeycloakSession;

import dev.gatehouse.vault.SecretResolver;

/**
 * The cluster side of a flush: the node asked drops its own entries at once and tells the others through Keycloak's
 * {@link ClusterProvider}, whose events go through the replicated {@code work} cache to every node of the cluster
 * (and, with Keycloak's multi-cluster setup, through the database to the other clusters). Each node listens under
 * {@value #TASK_KEY} from the moment Keycloak has started. A node that is down misses the event, but it starts
 * with an empty cache anyway.
 */
final class VaultClusterFlush implements ClusterListener {

    static final String TASK_KEY = "gatehouse-vault-flush";
    private static final Logger LOG = Logger.getLogger(VaultClusterFlush.class);

    private final SecretResolver resolver;
    /** This node in the receivers' log: host and process id, distinct for nodes sharing a host. */
    private final String node = ManagementFactory.getRuntimeMXBean().getName();

    VaultClusterFlush(SecretResolver resolver) {
        this.resolver = resolver;
    }

    void listen(ClusterProvider cluster) {
        cluster.registerListener(TASK_KEY, this);
    }

    String node() {
        return node;
    }

    /** What a flush did: entries dropped on this node, and whether the other nodes were told (else why not). */
    record Outcome(int droppedHere, boolean clusterNotified, String clusterError) {
    }

    /**
     * Drops the entries here, then notifies every other node.
     *
     * @throws IllegalArgumentException for a reference that is malformed, unsafe or names an inactive backend
     *                                  (nothing dropped, nobody notified)
     */
    Outcome flush(KeycloakSession session, String realm, String reference) {
        int dropped = resolver.flush(realm, reference);
        ClusterProvider cluster = session.getProvider(ClusterProvider.class);
        if (cluster == null) {
            return new Outcome(dropped, false, "Keycloak has no cluster provider");
        }
        try {
            // ignoreSender: this node has just flushed, synchronously, so it reports its own count.
            cluster.notify(TASK_KEY, new VaultFlushClusterEvent(realm, reference, node), true);
            return new Outcome(dropped, true, null);
        } catch (RuntimeException e) {
            LOG.warnf("gatehouse vault: flush of realm %s done on this node only; the cluster was not notified: %s", realm, e.toString());
            return new Outcome(dropped, false, "the cluster could not be notified (" + e.getClass().getSimpleName() + "); see this node's log");
        }
    }

    @Override
    public void eventReceived(ClusterEvent event) {
        if (!(event instanceof VaultFlushClusterEvent flush) || flush.realm() == null) {
            return;
        }
        String what = flush.reference() == null ? "all secrets" : "${vault." + flush.reference() + "}";
        try {
            int dropped = resolver.flush(flush.realm(), flush.reference());
            LOG.infof("gatehouse vault: flushed %s of realm %s on request of node %s (%d cached entries dropped)",
                    what, flush.realm(), flush.origin(), dropped);
        } catch (IllegalArgumentException e) {
            // The sender checked the reference with the same options; a node configured differently says why.
            LOG.warnf("gatehouse vault: flush of %s of realm %s from node %s not done here: %s", what, flush.realm(),
                    flush.origin(), e.getMessage());
        }
    }
}
