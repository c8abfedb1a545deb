package dev.gatehouse.audit.store;

import java.io.Serializable;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * The hash of one completed perfect subtree of a realm's Merkle tree (leaves index * 2^level onwards), written
 * by the sealer as its compact range merges, so a proof reads O(log n) rows instead of every leaf.
 */
@Entity
@Table(name = "GATEHOUSE_AUDIT_NODE")
@IdClass(AuditNodeEntity.Key.class)
@NamedQueries({
        @NamedQuery(name = "gatehouseAuditNode",
                query = "select n.hash from AuditNodeEntity n where n.realmId = :realmId and n.level = :level and n.index = :index"),
        @NamedQuery(name = "gatehouseAuditNodesOfLevel",
                query = "select n from AuditNodeEntity n where n.realmId = :realmId and n.level = :level and n.index >= :fromIndex and n.index < :toIndex"),
        @NamedQuery(name = "gatehouseAuditHeadsToBackfill",
                query = "select h.realmId from AuditHeadEntity h where h.nodesBackfilled is not null and h.nodesBackfilled < h.size order by h.realmId"),
        @NamedQuery(name = "gatehouseAuditLargestTreeSizeIn",
                query = "select max(c.size) from AuditCheckpointEntity c where c.realmId = :realmId and c.size > :after and c.size <= :upTo"),
        @NamedQuery(name = "gatehouseAuditSmallestTreeSizeAbove",
                query = "select min(c.size) from AuditCheckpointEntity c where c.realmId = :realmId and c.size > :after"),
        // Proof lookups on the other audit tables, kept beside the nodes they go with.
        @NamedQuery(name = "gatehouseAuditLeafRange",
                query = "select r.leafHash from AuditRecordEntity r where r.realmId = :realmId and r.seq > :after and r.seq <= :upTo order by r.seq"),
        @NamedQuery(name = "gatehouseAuditSealedBySeq",
                query = "select r from AuditRecordEntity r where r.realmId = :realmId and r.seq = :seq"),
        @NamedQuery(name = "gatehouseAuditSealedByLeaf",
                query = "select r from AuditRecordEntity r where r.realmId = :realmId and r.leafHash = :leafHash and r.seq is not null order by r.seq"),
        @NamedQuery(name = "gatehouseAuditNewestTreeSize",
                query = "select max(c.size) from AuditCheckpointEntity c where c.realmId = :realmId"),
        @NamedQuery(name = "gatehouseAuditCheckpointsOfSize",
                query = "select c from AuditCheckpointEntity c where c.realmId = :realmId and c.size = :size order by c.created desc"),
})
public class AuditNodeEntity {

    @Id
    @Column(name = "REALM_ID", length = 36)
    private String realmId;

    @Id
    @Column(name = "NODE_LEVEL")
    private int level;

    @Id
    @Column(name = "NODE_INDEX")
    private long index;

    @Column(name = "HASH", length = 64, nullable = false)
    private String hash;

    public String getRealmId() {
        return realmId;
    }

    public void setRealmId(String realmId) {
        this.realmId = realmId;
    }

    public int getLevel() {
        return level;
    }

    public void setLevel(int level) {
        this.level = level;
    }

    public long getIndex() {
        return index;
    }

    public void setIndex(long index) {
        this.index = index;
    }

    public String getHash() {
        return hash;
    }

    public void setHash(String hash) {
        this.hash = hash;
    }

    /** The composite primary key. */
    public static class Key implements Serializable {
        private String realmId;
        private int level;
        private long index;

        public Key() {
        }

        public Key(String realmId, int level, long index) {
            this.realmId = realmId;
            this.level = level;
            this.index = index;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && level == k.level && index == k.index && Objects.equals(realmId, k.realmId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(realmId, level, index);
        }
    }
}
