package dev.gatehouse.audit.listener;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.timer.ScheduledTask;
import org.keycloak.util.JsonSerialization;

import dev.gatehouse.audit.CanonicalJson;
import dev.gatehouse.audit.Checkpoint;
import dev.gatehouse.audit.ExportVerifier;
import dev.gatehouse.audit.MerkleProofs;
import dev.gatehouse.audit.MerkleTree;
import dev.gatehouse.audit.SignedNote;
import dev.gatehouse.audit.store.AuditHeadEntity;
import dev.gatehouse.audit.store.AuditRecordEntity;
import dev.gatehouse.audit.store.AuditStore;

/**
 * Seals unsealed records, realm by realm: gap-free seq, prev = leaf hash of the record before, the canonical
 * line and its RFC 6962 leaf hash, then a checkpoint over the Merkle tree (kept as a compact range in the head
 * row, so a seal costs O(batch + log n); the subtrees it completes are stored as nodes for proofs). Runs on
 * one node at a time (ClusterAwareScheduledTaskRunner) and under a row lock on the realm's head; a failure rolls
 * the whole run back and the records wait, unsealed, for the next one: sealing never touches a login's
 * transaction. Also prunes for retention and writes heartbeats.
 */
public class AuditSealer implements ScheduledTask {

    private static final Logger LOG = Logger.getLogger(AuditSealer.class);
    static final int BATCH = 2000;
    /** Batches per realm per run; a backlog drains over several runs without one huge transaction. */
    static final int BATCHES_PER_RUN = 25;
    static final int PRUNE_PER_RUN = 50000;

    private final SigningKey signingKey;
    private final String originPrefix;
    private final long heartbeatMillis;
    private final Duration retention;
    private final AuditMetrics metrics;
    private volatile long lastKeyWarning;

    public AuditSealer(SigningKey signingKey, String originPrefix, long heartbeatMillis, Duration retention, AuditMetrics metrics) {
        this.signingKey = signingKey;
        this.originPrefix = originPrefix;
        this.heartbeatMillis = heartbeatMillis;
        this.retention = retention;
        this.metrics = metrics;
    }

    @Override
    public String getTaskName() {
        return "gatehouse-audit-sealer";
    }

    @Override
    public void run(KeycloakSession session) {
        Optional<SignedNote.Signer> signer;
        try {
            signer = signingKey.signer(session);
        } catch (IllegalStateException e) {
            if (System.currentTimeMillis() - lastKeyWarning > 60_000) {
                lastKeyWarning = System.currentTimeMillis();
                LOG.error(e.getMessage());
            }
            return;
        }
        AuditStore store = new AuditStore(session);
        List<String> touched = new ArrayList<>();
        long sealed = 0;
        for (String realmId : store.realmsToSeal()) {
            sealed += seal(session, store, realmId, signer);
            touched.add(realmId);
        }
        if (retention != null) {
            for (AuditHeadEntity head : store.heads()) {
                if (prune(session, store, head.getRealmId(), signer)) {
                    touched.add(head.getRealmId());
                }
            }
        }
        heartbeats(session, store, touched, signer);
        long count = sealed;
        AfterCommit.run(session, () -> metrics.sealed(count));
    }

    private long seal(KeycloakSession session, AuditStore store, String realmId, Optional<SignedNote.Signer> signer) {
        AuditHeadEntity head = store.lockHead(realmId);
        store.batchWrites(500);
        MerkleTree.CompactRange range = range(store, head);
        String prev = head.getLastLeaf() == null ? "" : head.getLastLeaf();
        long sealed = 0;
        long started = System.nanoTime();
        for (int b = 0; b < BATCHES_PER_RUN; b++) {
            List<AuditRecordEntity> batch = store.unsealed(realmId, BATCH);
            for (AuditRecordEntity r : batch) {
                Map<String, Object> fields = payload(r.getPayload());
                fields.put("seq", range.size() + 1);
                fields.put("prev", prev);
                String line = new String(CanonicalJson.encode(fields), StandardCharsets.UTF_8);
                byte[] leaf = MerkleTree.leafHash(line.getBytes(StandardCharsets.UTF_8));
                range.add(leaf, (level, index, hash) -> {
                    if (level >= MerkleProofs.STORED_LEVEL) {
                        store.addNode(realmId, level, index, Base64.getEncoder().encodeToString(hash));
                    }
                });
                prev = Base64.getEncoder().encodeToString(leaf);
                r.setSeq(range.size());
                r.setLine(line);
                r.setLeafHash(prev);
            }
            sealed += batch.size();
            // Keep the persistence context small; the head's row lock lasts until the transaction ends.
            store.flushAndClear();
            if (batch.size() < BATCH) {
                break;
            }
        }
        head = store.head(realmId);
        head.setSize(range.size());
        head.setLastLeaf(prev.isEmpty() ? null : prev);
        head.setRange(range.encode());
        if (sealed > 0) {
            checkpoint(session, store, head, range, signer);
        }
        if (sealed >= BATCH) {
            LOG.infof("gatehouse-audit: sealed %d records of realm %s in %d ms", sealed, realmId, (System.nanoTime() - started) / 1_000_000);
        }
        return sealed;
    }

    /** A record's payload as written by the listener (canonical JSON: strings, whole numbers, booleans, null, maps). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> payload(String json) {
        try {
            return JsonSerialization.readValue(json, LinkedHashMap.class);
        } catch (IOException e) {
            throw new IllegalStateException("gatehouse-audit: unreadable record payload", e);
        }
    }

    /**
     * Retention: records sealed before the cutoff lose payload, line and query columns, in sequence order; seq
     * and leaf hash stay, so the chain and every earlier checkpoint still verify, and a checkpoint signed with
     * "pruned N" tells verifiers that records up to N may be stubs.
     */
    private boolean prune(KeycloakSession session, AuditStore store, String realmId, Optional<SignedNote.Signer> signer) {
        long cutoff = System.currentTimeMillis() - retention.toMillis();
        Long upTo = store.prunableUpTo(realmId, cutoff);
        AuditHeadEntity head = store.head(realmId);
        if (upTo == null || head == null || upTo <= head.getPrunedUpTo()) {
            return false;
        }
        head = store.lockHead(realmId);
        long from = head.getPrunedUpTo();
        long to = Math.min(Math.min(upTo, head.getSize()), from + PRUNE_PER_RUN);
        int pruned = store.prune(realmId, from, to);
        head.setPrunedUpTo(to);
        LOG.infof("gatehouse-audit: retention pruned records %d..%d of realm %s (%d rows)", from + 1, to, realmId, pruned);
        checkpoint(session, store, head, range(store, head), signer);
        return true;
    }

    /**
     * Idle logs still get checkpoints, so a verifier can tell "nothing happened" from "the log stopped" and a
     * withheld newer checkpoint shows as a gap in time.
     */
    private void heartbeats(KeycloakSession session, AuditStore store, List<String> touched, Optional<SignedNote.Signer> signer) {
        long now = System.currentTimeMillis();
        for (AuditHeadEntity head : store.heads()) {
            if (touched.contains(head.getRealmId()) || head.getSize() == 0) {
                continue;
            }
            Long last = store.newestCheckpoint(head.getRealmId());
            if (last != null && now - last < heartbeatMillis) {
                continue;
            }
            AuditHeadEntity locked = store.lockHead(head.getRealmId());
            checkpoint(session, store, locked, range(store, locked), signer);
        }
    }

    /** The head's stored compact range; rebuilt once from the leaf hashes for a head written before it existed. */
    private static MerkleTree.CompactRange range(AuditStore store, AuditHeadEntity head) {
        if (head.getRange() != null) {
            return MerkleTree.CompactRange.decode(head.getRange());
        }
        MerkleTree.CompactRange range = new MerkleTree.CompactRange();
        store.leaves(head.getRealmId()).forEach(b64 -> range.add(Base64.getDecoder().decode(b64)));
        return range;
    }

    private void checkpoint(KeycloakSession session, AuditStore store, AuditHeadEntity head, MerkleTree.CompactRange range,
                            Optional<SignedNote.Signer> signer) {
        long now = System.currentTimeMillis();
        RealmModel realm = session.realms().getRealm(head.getRealmId());
        String origin = originPrefix + "/" + (realm == null ? head.getRealmId() : realm.getName());
        List<String> extensions = new ArrayList<>();
        extensions.add("time " + Instant.ofEpochMilli(now));
        if (head.getPrunedUpTo() > 0) {
            extensions.add(ExportVerifier.PRUNED + head.getPrunedUpTo());
        }
        Checkpoint checkpoint = new Checkpoint(origin, range.size(), range.root(), extensions);
        String note = signer.map(s -> s.sign(checkpoint.text())).orElse(checkpoint.text());
        store.addCheckpoint(head.getRealmId(), range.size(), now, note);
        // A copy outside the database: log shipping keeps checkpoints even if the tables are rewritten.
        LOG.infof("gatehouse-audit checkpoint %s", note.replace("\n", "\\n"));
    }
}
