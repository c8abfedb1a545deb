package dev.gatehouse.audit.store;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import org.hibernate.Session;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;

import dev.gatehouse.audit.AuditLines;
import dev.gatehouse.audit.view.RecordCursor;
import dev.gatehouse.audit.view.RecordFilter;

/**
 * The one door to the audit tables, as Keycloak's JpaEventStoreProvider is to its event tables: the listener,
 * the sealer, the REST resource and the metrics go through it and never touch the EntityManager or JPQL.
 * Fixed queries are named queries on the entities; filtered record queries are built with the Criteria API
 * ({@link AuditRecordQuery}).
 */
public final class AuditStore {

    /** Sealed lines are read in pages of this many, clearing the persistence context in between. */
    static final int LINE_PAGE = 1000;

    private final EntityManager em;

    public AuditStore(KeycloakSession session) {
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    // ---- the listener

    /** Adds an unsealed record in the session's transaction. */
    public void append(AuditRecordEntity record) {
        if (record.getId() == null) {
            record.setId(UUID.randomUUID().toString());
        }
        em.persist(record);
    }

    // ---- reading

    /** A filtered query over one realm's records, sealed or not, newest first. */
    public AuditRecordQuery records(String realmId) {
        return new AuditRecordQuery(em, realmId);
    }

    /** One record of the realm, or null. */
    public AuditRecordEntity record(String realmId, String id) {
        AuditRecordEntity r = em.find(AuditRecordEntity.class, id);
        return r != null && r.getRealmId().equals(realmId) ? r : null;
    }

    /**
     * Gives every record matching {@code filter} to {@code out}, newest first, in keyset pages of {@link #LINE_PAGE}
     * that clear the persistence context in between (constant memory; use a store of a session of its own).
     */
    public void forEachRecord(String realmId, RecordFilter filter, Consumer<AuditRecordEntity> out) {
        RecordCursor after = null;
        while (true) {
            AuditRecordQuery q = records(realmId).filter(filter);
            if (after != null) {
                q.after(after);
            }
            List<AuditRecordEntity> page = q.page(0, LINE_PAGE).getResultList();
            page.forEach(out);
            if (page.size() < LINE_PAGE) {
                return;
            }
            AuditRecordEntity last = page.get(page.size() - 1);
            after = new RecordCursor(last.getCreated(), last.getId());
            em.clear();
        }
    }

    /** The realm's newest checkpoint, or null. */
    public AuditCheckpointEntity latestCheckpoint(String realmId) {
        return em.createNamedQuery("gatehouseAuditLatestCheckpoint", AuditCheckpointEntity.class)
                .setParameter("realmId", realmId).setMaxResults(1).getResultStream().findFirst().orElse(null);
    }

    /** The realm's unsealed records and the creation time of the oldest (null when none). */
    public Backlog backlog(String realmId) {
        Object[] row = em.createNamedQuery("gatehouseAuditRealmBacklog", Object[].class).setParameter("realmId", realmId).getSingleResult();
        return new Backlog(((Number) row[0]).longValue(), row[1] == null ? null : ((Number) row[1]).longValue());
    }

    /** Every checkpoint note of a realm, oldest first. */
    public List<String> checkpoints(String realmId) {
        return em.createNamedQuery("gatehouseAuditCheckpoints", AuditCheckpointEntity.class)
                .setParameter("realmId", realmId).getResultStream().map(AuditCheckpointEntity::getNote).toList();
    }

    /**
     * Gives each sealed line (or a pruned record's stub) to {@code out}, in seq order, until it returns false.
     * Pages clear the persistence context, so a million records stream in constant memory: use a store of a
     * session of its own. Read checkpoints first, then lines, and the lines reach the newest checkpoint even if
     * a seal commits in between.
     */
    public void forEachLine(String realmId, Predicate<String> out) {
        long after = 0;
        String previousLeaf = "";
        while (true) {
            List<AuditRecordEntity> page = em.createNamedQuery("gatehouseAuditSealedAfter", AuditRecordEntity.class)
                    .setParameter("realmId", realmId).setParameter("after", after)
                    .setMaxResults(LINE_PAGE).getResultList();
            for (AuditRecordEntity r : page) {
                String line = r.getLine() != null ? r.getLine() : AuditLines.prunedStub(r.getSeq(), previousLeaf, r.getLeafHash());
                if (!out.test(line)) {
                    return;
                }
                previousLeaf = r.getLeafHash();
                after = r.getSeq();
            }
            em.clear();
            if (page.size() < LINE_PAGE) {
                return;
            }
        }
    }

    /** Up to {@code max} sealed records after seq {@code after}, in seq order (the alert evaluator's read). */
    public List<AuditRecordEntity> sealedAfter(String realmId, long after, int max) {
        return em.createNamedQuery("gatehouseAuditSealedAfter", AuditRecordEntity.class)
                .setParameter("realmId", realmId).setParameter("after", after).setMaxResults(max).getResultList();
    }

    // ---- sealing

    public List<String> realmsToSeal() {
        return em.createNamedQuery("gatehouseAuditRealmsToSeal", String.class).getResultList();
    }

    public List<AuditHeadEntity> heads() {
        return em.createNamedQuery("gatehouseAuditHeads", AuditHeadEntity.class).getResultList();
    }

    public AuditHeadEntity head(String realmId) {
        return em.find(AuditHeadEntity.class, realmId);
    }

    /** The realm's head row, created if missing, locked until the transaction ends: one seal per realm at a time. */
    public AuditHeadEntity lockHead(String realmId) {
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

    /** One round trip per {@code size} updates instead of one each: sealing is bound by the database, not hashing. */
    public void batchWrites(int size) {
        em.unwrap(Session.class).setJdbcBatchSize(size);
    }

    /** The oldest unsealed records of a realm, in the order they are sealed. */
    public List<AuditRecordEntity> unsealed(String realmId, int max) {
        return em.createNamedQuery("gatehouseAuditUnsealed", AuditRecordEntity.class)
                .setParameter("realmId", realmId).setMaxResults(max).getResultList();
    }

    /** Writes pending changes and forgets loaded records (the head's row lock lasts until the transaction ends). */
    public void flushAndClear() {
        em.flush();
        em.clear();
    }

    /** Leaf hashes of the sealed records in seq order (rebuilding a compact range written before it was stored). */
    public Stream<String> leaves(String realmId) {
        return em.createNamedQuery("gatehouseAuditLeaves", String.class).setParameter("realmId", realmId).getResultStream();
    }

    public void addCheckpoint(String realmId, long size, long created, String note) {
        AuditCheckpointEntity c = new AuditCheckpointEntity();
        c.setId(UUID.randomUUID().toString());
        c.setRealmId(realmId);
        c.setSize(size);
        c.setCreated(created);
        c.setNote(note);
        em.persist(c);
    }

    /** Time of the realm's newest checkpoint, or null. */
    public Long newestCheckpoint(String realmId) {
        return em.createNamedQuery("gatehouseAuditNewestCheckpoint", Long.class).setParameter("realmId", realmId).getSingleResult();
    }

    /** The highest seq of the realm's records sealed before {@code before}, or null. */
    public Long prunableUpTo(String realmId, long before) {
        return em.createNamedQuery("gatehouseAuditPrunable", Long.class)
                .setParameter("realmId", realmId).setParameter("before", before).getSingleResult();
    }

    /**
     * Removes payload, line and query columns of records after..upTo (seq and leaf hash stay). On PostgreSQL the
     * append-only trigger lets only a transaction that sets gatehouse.audit_retention through.
     */
    public int prune(String realmId, long after, long upTo) {
        if (isPostgres()) {
            em.createNativeQuery("select set_config('gatehouse.audit_retention', 'on', true)").getSingleResult();
        }
        return em.createNamedQuery("gatehouseAuditPrune").setParameter("realmId", realmId)
                .setParameter("after", after).setParameter("upTo", upTo).executeUpdate();
    }

    private boolean isPostgres() {
        return em.unwrap(Session.class).doReturningWork(c -> c.getMetaData().getDatabaseProductName())
                .toLowerCase(Locale.ROOT).contains("postgres");
    }

    // ---- proofs

    /** Stores the hash of a perfect subtree the sealer just completed (in the seal's transaction). */
    public void addNode(String realmId, int level, long index, String hash) {
        AuditNodeEntity n = new AuditNodeEntity();
        n.setRealmId(realmId);
        n.setLevel(level);
        n.setIndex(index);
        n.setHash(hash);
        em.persist(n);
    }

    /** The stored hash (base64) of a perfect subtree, or null (not complete yet, or sealed before nodes were kept). */
    public String node(String realmId, int level, long index) {
        return em.createNamedQuery("gatehouseAuditNode", String.class).setParameter("realmId", realmId)
                .setParameter("level", level).setParameter("index", index).getResultStream().findFirst().orElse(null);
    }

    /** Stored nodes (base64) of one level with index in [fromIndex, toIndex), by index. */
    public Map<Long, String> nodes(String realmId, int level, long fromIndex, long toIndex) {
        Map<Long, String> nodes = new HashMap<>();
        em.createNamedQuery("gatehouseAuditNodesOfLevel", AuditNodeEntity.class).setParameter("realmId", realmId)
                .setParameter("level", level).setParameter("fromIndex", fromIndex).setParameter("toIndex", toIndex)
                .getResultStream().forEach(n -> nodes.put(n.getIndex(), n.getHash()));
        return nodes;
    }

    /** Realms whose log was sealed before nodes were kept and still lacks some. */
    public List<String> realmsToBackfill() {
        return em.createNamedQuery("gatehouseAuditHeadsToBackfill", String.class).getResultList();
    }

    /** The largest checkpoint tree size in (after, upTo], or null. */
    public Long largestTreeSizeIn(String realmId, long after, long upTo) {
        return em.createNamedQuery("gatehouseAuditLargestTreeSizeIn", Long.class).setParameter("realmId", realmId)
                .setParameter("after", after).setParameter("upTo", upTo).getSingleResult();
    }

    /** The smallest checkpoint tree size above {@code after}, or null. */
    public Long smallestTreeSizeAbove(String realmId, long after) {
        return em.createNamedQuery("gatehouseAuditSmallestTreeSizeAbove", Long.class).setParameter("realmId", realmId)
                .setParameter("after", after).getSingleResult();
    }

    /** Leaf hashes (base64) of the records with seq after..upTo, in seq order. */
    public List<String> leafRange(String realmId, long after, long upTo) {
        return em.createNamedQuery("gatehouseAuditLeafRange", String.class).setParameter("realmId", realmId)
                .setParameter("after", after).setParameter("upTo", upTo).getResultList();
    }

    /** The sealed record with this seq, or null. */
    public AuditRecordEntity sealedRecord(String realmId, long seq) {
        return em.createNamedQuery("gatehouseAuditSealedBySeq", AuditRecordEntity.class).setParameter("realmId", realmId)
                .setParameter("seq", seq).getResultStream().findFirst().orElse(null);
    }

    /** The first sealed record with this leaf hash (base64), or null. */
    public AuditRecordEntity sealedRecordByLeaf(String realmId, String leafHash) {
        return em.createNamedQuery("gatehouseAuditSealedByLeaf", AuditRecordEntity.class).setParameter("realmId", realmId)
                .setParameter("leafHash", leafHash).setMaxResults(1).getResultStream().findFirst().orElse(null);
    }

    /** The tree size of the realm's newest checkpoint, or null when it has none. */
    public Long newestTreeSize(String realmId) {
        return em.createNamedQuery("gatehouseAuditNewestTreeSize", Long.class).setParameter("realmId", realmId).getSingleResult();
    }

    /** The newest signed checkpoint of exactly this tree size, or null. */
    public String checkpointOfSize(String realmId, long size) {
        return em.createNamedQuery("gatehouseAuditCheckpointsOfSize", AuditCheckpointEntity.class).setParameter("realmId", realmId)
                .setParameter("size", size).setMaxResults(1).getResultStream().findFirst().map(AuditCheckpointEntity::getNote).orElse(null);
    }

    // ---- metrics

    /** Cluster-wide unsealed records and the creation time of the oldest (null when none). */
    public record Backlog(long unsealed, Long oldestCreated) {
    }

    public Backlog backlog() {
        Object[] row = em.createNamedQuery("gatehouseAuditBacklog", Object[].class).getSingleResult();
        return new Backlog(((Number) row[0]).longValue(), row[1] == null ? null : ((Number) row[1]).longValue());
    }

    /** The time of each realm's newest checkpoint. */
    public List<Long> newestCheckpointPerRealm() {
        return em.createNamedQuery("gatehouseAuditNewestCheckpointPerRealm", Long.class).getResultList();
    }
}
