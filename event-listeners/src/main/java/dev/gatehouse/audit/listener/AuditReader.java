package dev.gatehouse.audit.listener;

import java.util.List;
import java.util.function.Predicate;

import jakarta.persistence.EntityManager;

import dev.gatehouse.audit.AuditLines;
import dev.gatehouse.audit.store.AuditCheckpointEntity;
import dev.gatehouse.audit.store.AuditRecordEntity;

/**
 * Reads a realm's log in the order verifiers need: checkpoints first, then every sealed line by seq, in pages,
 * clearing the persistence context so a million records stream in constant memory. Read in that order, the
 * lines always reach at least as far as the newest checkpoint even while a seal commits in between.
 */
final class AuditReader {

    static final int PAGE = 1000;

    private AuditReader() {
    }

    static List<String> checkpoints(EntityManager em, String realmId) {
        return em.createNamedQuery("gatehouseAuditCheckpoints", AuditCheckpointEntity.class)
                .setParameter("realmId", realmId).getResultStream().map(AuditCheckpointEntity::getNote).toList();
    }

    /**
     * Gives each sealed line (or a pruned record's stub) to {@code out}, in seq order, until it returns false.
     * Uses its own persistence context: call it with an entity manager of a session of its own.
     */
    static void forEachLine(EntityManager em, String realmId, Predicate<String> out) {
        long after = 0;
        String previousLeaf = "";
        while (true) {
            List<AuditRecordEntity> page = em.createNamedQuery("gatehouseAuditSealedRange", AuditRecordEntity.class)
                    .setParameter("realmId", realmId).setParameter("after", after).setParameter("upTo", Long.MAX_VALUE)
                    .setMaxResults(PAGE).getResultList();
            for (AuditRecordEntity r : page) {
                String line = r.getLine() != null ? r.getLine() : AuditLines.prunedStub(r.getSeq(), previousLeaf, r.getLeafHash());
                if (!out.test(line)) {
                    return;
                }
                previousLeaf = r.getLeafHash();
                after = r.getSeq();
            }
            em.clear();
            if (page.size() < PAGE) {
                return;
            }
        }
    }
}
