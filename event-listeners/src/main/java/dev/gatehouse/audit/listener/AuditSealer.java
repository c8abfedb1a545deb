package dev.gatehouse.audit.listener;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.timer.ScheduledTask;

import dev.gatehouse.audit.CanonicalJson;
import dev.gatehouse.audit.Checkpoint;
import dev.gatehouse.audit.MerkleTree;
import dev.gatehouse.audit.MiniJson;
import dev.gatehouse.audit.SignedNote;
import dev.gatehouse.audit.store.AuditCheckpointEntity;
import dev.gatehouse.audit.store.AuditHeadEntity;
import dev.gatehouse.audit.store.AuditRecordEntity;

/**
 * Seals unsealed records, realm by realm: gap-free seq, prev = leaf hash of the record before, the canonical
 * line and its RFC 6962 leaf hash, then a checkpoint over the Merkle tree. Runs on one node at a time
 * (ClusterAwareScheduledTaskRunner) and under a row lock on the realm's head; a failure rolls the whole seal
 * back and the records wait, unsealed, for the next run: sealing never touches a login's transaction.
 */
public class AuditSealer implements ScheduledTask {

    private static final Logger LOG = Logger.getLogger(AuditSealer.class);
    static final int BATCH = 5000;

    private final SignedNote.Signer signer;
    private final String originPrefix;
    private final long heartbeatMillis;

    /** @param heartbeatMillis a realm with no new records still gets a fresh checkpoint this often */
    public AuditSealer(SignedNote.Signer signer, String originPrefix, long heartbeatMillis) {
        this.signer = signer;
        this.originPrefix = originPrefix;
        this.heartbeatMillis = heartbeatMillis;
    }

    @Override
    public String getTaskName() {
        return "gatehouse-audit-sealer";
    }

    @Override
    public void run(KeycloakSession session) {
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        List<String> realms = em.createNamedQuery("gatehouseAuditRealmsToSeal", String.class).getResultList();
        for (String realmId : realms) {
            seal(session, em, realmId);
        }
        heartbeats(session, em, realms);
    }

    /**
     * Idle logs still get checkpoints, so a verifier can tell "nothing happened" from "the log stopped" and a
     * withheld newer checkpoint shows as a gap in time.
     */
    private void heartbeats(KeycloakSession session, EntityManager em, List<String> justSealed) {
        long now = System.currentTimeMillis();
        for (AuditHeadEntity head : em.createQuery("select h from AuditHeadEntity h", AuditHeadEntity.class).getResultList()) {
            if (justSealed.contains(head.getRealmId()) || head.getSize() == 0) {
                continue;
            }
            Long last = em.createQuery("select max(c.created) from AuditCheckpointEntity c where c.realmId = :realmId", Long.class)
                    .setParameter("realmId", head.getRealmId()).getSingleResult();
            if (last != null && now - last < heartbeatMillis) {
                continue;
            }
            AuditHeadEntity locked = em.find(AuditHeadEntity.class, head.getRealmId(), LockModeType.PESSIMISTIC_WRITE);
            checkpoint(session, em, locked.getRealmId(), sealedLeaves(em, locked.getRealmId()));
        }
    }

    private void seal(KeycloakSession session, EntityManager em, String realmId) {
        AuditHeadEntity head = em.find(AuditHeadEntity.class, realmId, LockModeType.PESSIMISTIC_WRITE);
        if (head == null) {
            head = new AuditHeadEntity();
            head.setRealmId(realmId);
            head.setSize(0);
            em.persist(head);
            em.flush();
        }
        List<AuditRecordEntity> batch = em.createNamedQuery("gatehouseAuditUnsealed", AuditRecordEntity.class)
                .setParameter("realmId", realmId).setMaxResults(BATCH).getResultList();
        if (batch.isEmpty()) {
            return;
        }
        List<byte[]> leaves = sealedLeaves(em, realmId);
        long size = head.getSize();
        String prev = head.getLastLeaf() == null ? "" : head.getLastLeaf();
        for (AuditRecordEntity r : batch) {
            @SuppressWarnings("unchecked")
            Map<String, Object> fields = new LinkedHashMap<>((Map<String, Object>) MiniJson.parse(r.getPayload()));
            size++;
            fields.put("seq", size);
            fields.put("prev", prev);
            String line = new String(CanonicalJson.encode(fields), StandardCharsets.UTF_8);
            byte[] leaf = MerkleTree.leafHash(line.getBytes(StandardCharsets.UTF_8));
            prev = Base64.getEncoder().encodeToString(leaf);
            r.setSeq(size);
            r.setLine(line);
            r.setLeafHash(prev);
            leaves.add(leaf);
        }
        head.setSize(size);
        head.setLastLeaf(prev);
        checkpoint(session, em, realmId, leaves);
    }

    /** The leaf hashes of a realm's sealed records, in sequence order (mutable: a seal appends to it). */
    private static List<byte[]> sealedLeaves(EntityManager em, String realmId) {
        List<byte[]> leaves = new ArrayList<>();
        for (String b64 : em.createNamedQuery("gatehouseAuditLeaves", String.class).setParameter("realmId", realmId).getResultList()) {
            leaves.add(Base64.getDecoder().decode(b64));
        }
        return leaves;
    }

    private void checkpoint(KeycloakSession session, EntityManager em, String realmId, List<byte[]> leaves) {
        long size = leaves.size();
        RealmModel realm = session.realms().getRealm(realmId);
        String origin = originPrefix + "/" + (realm == null ? realmId : realm.getName());
        Checkpoint checkpoint = new Checkpoint(origin, size, MerkleTree.root(leaves, leaves.size()),
                List.of("time " + Instant.ofEpochMilli(System.currentTimeMillis())));
        String note = signer == null ? checkpoint.text() : signer.sign(checkpoint.text());
        AuditCheckpointEntity c = new AuditCheckpointEntity();
        c.setId(UUID.randomUUID().toString());
        c.setRealmId(realmId);
        c.setSize(size);
        c.setCreated(System.currentTimeMillis());
        c.setNote(note);
        em.persist(c);
        // A copy outside the database: log shipping keeps checkpoints even if the tables are rewritten.
        LOG.infof("gatehouse-audit checkpoint %s", note.replace("\n", "\\n"));
    }
}
