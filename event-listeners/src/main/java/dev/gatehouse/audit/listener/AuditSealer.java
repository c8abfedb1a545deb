package dev.gatehouse.audit.listener;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import org.hibernate.Session;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.timer.ScheduledTask;

import dev.gatehouse.audit.CanonicalJson;
import dev.gatehouse.audit.Checkpoint;
import dev.gatehouse.audit.ExportVerifier;
import dev.gatehouse.audit.MerkleTree;
import dev.gatehouse.audit.MiniJson;
import dev.gatehouse.audit.SignedNote;
import dev.gatehouse.audit.store.AuditCheckpointEntity;
import dev.gatehouse.audit.store.AuditHeadEntity;
import dev.gatehouse.audit.store.AuditRecordEntity;

/**
 * Seals unsealed records, realm by realm: gap-free seq, prev = leaf hash of the record before, the canonical
 * line and its RFC 6962 leaf hash, then a checkpoint over the Merkle tree (kept as a compact range in the head
 * row, so a seal costs O(batch + log n)). Runs on one node at a time (ClusterAwareScheduledTaskRunner) and under
 * a row lock on the realm's head; a failure rolls the whole run back and the records wait, unsealed, for the
 * next one: sealing never touches a login's transaction. Also prunes for retention and writes heartbeats.
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
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        List<String> touched = new ArrayList<>();
        long sealed = 0;
        for (String realmId : em.createNamedQuery("gatehouseAuditRealmsToSeal", String.class).getResultList()) {
            sealed += seal(session, em, realmId, signer);
            touched.add(realmId);
        }
        if (retention != null) {
            for (String realmId : em.createQuery("select h.realmId from AuditHeadEntity h", String.class).getResultList()) {
                if (prune(session, em, realmId, signer)) {
                    touched.add(realmId);
                }
            }
        }
        heartbeats(session, em, touched, signer);
        long count = sealed;
        AfterCommit.run(session, () -> metrics.sealed(count));
    }

    private long seal(KeycloakSession session, EntityManager em, String realmId, Optional<SignedNote.Signer> signer) {
        AuditHeadEntity head = lockHead(em, realmId);
        // One round trip per 500 updates instead of one each: sealing is bound by the database, not hashing.
        em.unwrap(Session.class).setJdbcBatchSize(500);
        MerkleTree.CompactRange range = range(em, head);
        String prev = head.getLastLeaf() == null ? "" : head.getLastLeaf();
        long sealed = 0;
        long started = System.nanoTime();
        for (int b = 0; b < BATCHES_PER_RUN; b++) {
            List<AuditRecordEntity> batch = em.createNamedQuery("gatehouseAuditUnsealed", AuditRecordEntity.class)
                    .setParameter("realmId", realmId).setMaxResults(BATCH).getResultList();
            for (AuditRecordEntity r : batch) {
                @SuppressWarnings("unchecked")
                Map<String, Object> fields = new LinkedHashMap<>((Map<String, Object>) MiniJson.parse(r.getPayload()));
                fields.put("seq", range.size() + 1);
                fields.put("prev", prev);
                String line = new String(CanonicalJson.encode(fields), StandardCharsets.UTF_8);
                byte[] leaf = MerkleTree.leafHash(line.getBytes(StandardCharsets.UTF_8));
                range.add(leaf);
                prev = Base64.getEncoder().encodeToString(leaf);
                r.setSeq(range.size());
                r.setLine(line);
                r.setLeafHash(prev);
            }
            sealed += batch.size();
            // Keep the persistence context small; the head's row lock lasts until the transaction ends.
            em.flush();
            em.clear();
            if (batch.size() < BATCH) {
                break;
            }
        }
        head = em.find(AuditHeadEntity.class, realmId);
        head.setSize(range.size());
        head.setLastLeaf(prev.isEmpty() ? null : prev);
        head.setRange(range.encode());
        if (sealed > 0) {
            checkpoint(session, em, head, range, signer);
        }
        if (sealed >= BATCH) {
            LOG.infof("gatehouse-audit: sealed %d records of realm %s in %d ms", sealed, realmId, (System.nanoTime() - started) / 1_000_000);
        }
        return sealed;
    }

    /**
     * Retention: records sealed before the cutoff lose payload, line and query columns, in sequence order; seq
     * and leaf hash stay, so the chain and every earlier checkpoint still verify, and a checkpoint signed with
     * "pruned N" tells verifiers that records up to N may be stubs. PostgreSQL's trigger lets only a
     * transaction that sets gatehouse.audit_retention through.
     */
    private boolean prune(KeycloakSession session, EntityManager em, String realmId, Optional<SignedNote.Signer> signer) {
        long cutoff = System.currentTimeMillis() - retention.toMillis();
        Long upTo = em.createNamedQuery("gatehouseAuditPrunable", Long.class)
                .setParameter("realmId", realmId).setParameter("before", cutoff).getSingleResult();
        AuditHeadEntity head = em.find(AuditHeadEntity.class, realmId);
        if (upTo == null || head == null || upTo <= head.getPrunedUpTo()) {
            return false;
        }
        head = lockHead(em, realmId);
        long from = head.getPrunedUpTo();
        long to = Math.min(Math.min(upTo, head.getSize()), from + PRUNE_PER_RUN);
        if (isPostgres(em)) {
            em.createNativeQuery("select set_config('gatehouse.audit_retention', 'on', true)").getSingleResult();
        }
        int pruned = em.createNamedQuery("gatehouseAuditPrune").setParameter("realmId", realmId)
                .setParameter("after", from).setParameter("upTo", to).executeUpdate();
        head.setPrunedUpTo(to);
        LOG.infof("gatehouse-audit: retention pruned records %d..%d of realm %s (%d rows)", from + 1, to, realmId, pruned);
        checkpoint(session, em, head, range(em, head), signer);
        return true;
    }

    /**
     * Idle logs still get checkpoints, so a verifier can tell "nothing happened" from "the log stopped" and a
     * withheld newer checkpoint shows as a gap in time.
     */
    private void heartbeats(KeycloakSession session, EntityManager em, List<String> touched, Optional<SignedNote.Signer> signer) {
        long now = System.currentTimeMillis();
        for (AuditHeadEntity head : em.createQuery("select h from AuditHeadEntity h", AuditHeadEntity.class).getResultList()) {
            if (touched.contains(head.getRealmId()) || head.getSize() == 0) {
                continue;
            }
            Long last = em.createQuery("select max(c.created) from AuditCheckpointEntity c where c.realmId = :realmId", Long.class)
                    .setParameter("realmId", head.getRealmId()).getSingleResult();
            if (last != null && now - last < heartbeatMillis) {
                continue;
            }
            AuditHeadEntity locked = lockHead(em, head.getRealmId());
            checkpoint(session, em, locked, range(em, locked), signer);
        }
    }

    private static AuditHeadEntity lockHead(EntityManager em, String realmId) {
        AuditHeadEntity head = em.find(AuditHeadEntity.class, realmId, LockModeType.PESSIMISTIC_WRITE);
        if (head == null) {
            head = new AuditHeadEntity();
            head.setRealmId(realmId);
            head.setSize(0);
            em.persist(head);
            em.flush();
            // Two nodes may both have created it; the loser's flush fails and its run rolls back, harmlessly.
            head = em.find(AuditHeadEntity.class, realmId, LockModeType.PESSIMISTIC_WRITE);
        }
        return head;
    }

    /** The head's stored compact range; rebuilt once from the leaf hashes for a head written before it existed. */
    private static MerkleTree.CompactRange range(EntityManager em, AuditHeadEntity head) {
        if (head.getRange() != null) {
            return MerkleTree.CompactRange.decode(head.getRange());
        }
        MerkleTree.CompactRange range = new MerkleTree.CompactRange();
        em.createNamedQuery("gatehouseAuditLeaves", String.class).setParameter("realmId", head.getRealmId()).getResultStream()
                .forEach(b64 -> range.add(Base64.getDecoder().decode(b64)));
        return range;
    }

    private void checkpoint(KeycloakSession session, EntityManager em, AuditHeadEntity head, MerkleTree.CompactRange range,
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
        AuditCheckpointEntity c = new AuditCheckpointEntity();
        c.setId(UUID.randomUUID().toString());
        c.setRealmId(head.getRealmId());
        c.setSize(range.size());
        c.setCreated(now);
        c.setNote(note);
        em.persist(c);
        // A copy outside the database: log shipping keeps checkpoints even if the tables are rewritten.
        LOG.infof("gatehouse-audit checkpoint %s", note.replace("\n", "\\n"));
    }

    static boolean isPostgres(EntityManager em) {
        return em.unwrap(Session.class).doReturningWork(c -> c.getMetaData().getDatabaseProductName()).toLowerCase().contains("postgres");
    }
}
