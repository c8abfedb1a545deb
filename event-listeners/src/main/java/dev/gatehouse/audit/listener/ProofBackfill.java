package dev.gatehouse.audit.listener;

import java.util.Base64;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.timer.ScheduledTask;

import dev.gatehouse.audit.MerkleProofs;
import dev.gatehouse.audit.NodeBackfill;
import dev.gatehouse.audit.store.AuditHeadEntity;
import dev.gatehouse.audit.store.AuditStore;
import dev.gatehouse.audit.store.StoredTree;

/**
 * Stores the proof nodes of logs sealed before GATEHOUSE_AUDIT_NODE existed, one bounded step per run (see
 * {@link NodeBackfill}), so their proofs stop hashing leaves on demand. Runs on one node at a time and under the
 * realm's head lock, so it never interleaves with a seal of that realm; one step per run keeps that lock short.
 * A step is verified against a stored checkpoint's root before its nodes are written; a step that fails
 * verification writes nothing, and the next realm gets the run.
 */
public class ProofBackfill implements ScheduledTask {

    private static final Logger LOG = Logger.getLogger(ProofBackfill.class);
    private static final long LOG_EVERY_MILLIS = 600_000;

    /** Leaves hashed per run (option proof-backfill-step; 65,536 read about 3 MB of base64 leaf hashes). */
    private final long leavesPerRun;
    private volatile long lastMismatchLog;

    public ProofBackfill(long leavesPerRun) {
        this.leavesPerRun = leavesPerRun;
    }

    @Override
    public String getTaskName() {
        return "gatehouse-audit-proofs-backfill";
    }

    @Override
    public void run(KeycloakSession session) {
        AuditStore store = new AuditStore(session);
        for (String realmId : store.realmsToBackfill()) {
            AuditHeadEntity head = store.lockHead(realmId);
            Long done = head.getNodesBackfilled();
            if (done == null || done >= head.getSize()) {
                continue;
            }
            Long target = NodeBackfill.target(done, leavesPerRun, store.largestTreeSizeIn(realmId, done, done + leavesPerRun),
                    store.smallestTreeSizeAbove(realmId, done));
            if (target == null || target > head.getSize()) {
                continue;
            }
            long started = System.nanoTime();
            try {
                NodeBackfill.Step step = new NodeBackfill(new StoredTree(store, realmId), MerkleProofs.STORED_LEVEL)
                        .step(done, target, NodeBackfill.root(store.checkpointOfSize(realmId, target)));
                store.batchWrites(500);
                step.missing().forEach(n -> store.addNode(realmId, n.level(), n.index(), Base64.getEncoder().encodeToString(n.hash())));
                head.setNodesBackfilled(step.done() >= head.getSize() ? null : step.done());
                LOG.infof("gatehouse-audit: proof nodes of realm %s backfilled up to leaf %d of %d (%d of %d nodes were missing) in %d ms",
                        realmId, step.done(), head.getSize(), step.missing().size(), step.computed(), (System.nanoTime() - started) / 1_000_000);
                return;
            } catch (NodeBackfill.Mismatch e) {
                // Nothing written: proofs keep hashing leaves, and a verify names the tampering.
                long now = System.currentTimeMillis();
                if (now - lastMismatchLog > LOG_EVERY_MILLIS) {
                    lastMismatchLog = now;
                    LOG.errorf("gatehouse-audit: proof nodes of realm %s not backfilled from leaf %d: %s", realmId, done, e.getMessage());
                }
            }
        }
    }
}
