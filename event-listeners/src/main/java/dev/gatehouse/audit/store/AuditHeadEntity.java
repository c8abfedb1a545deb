package dev.gatehouse.audit.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/** The sealed end of one realm's chain; the sealer locks this row, so only one seal runs per realm at a time. */
@Entity
@Table(name = "GATEHOUSE_AUDIT_HEAD")
@NamedQuery(name = "gatehouseAuditHeads", query = "select h from AuditHeadEntity h")
public class AuditHeadEntity {

    @Id
    @Column(name = "REALM_ID", length = 36)
    private String realmId;

    @Column(name = "TREE_SIZE", nullable = false)
    private long size;

    @Column(name = "LAST_LEAF", length = 64)
    private String lastLeaf;

    /** The Merkle tree's compact range ("size hash…"), so a seal needs no pass over earlier leaves. */
    @Column(name = "RANGE_HASHES")
    private String range;

    /** Records 1..PRUNED_UPTO have lost their payloads to retention. */
    @Column(name = "PRUNED_UPTO")
    private Long prunedUpTo;

    /**
     * Proof nodes: null when the sealer stored them from the first leaf; for a log sealed before nodes were kept,
     * the leaf count up to which the backfill has stored every node of the stored levels.
     */
    @Column(name = "NODES_BACKFILLED")
    private Long nodesBackfilled;

    public String getRealmId() {
        return realmId;
    }

    public void setRealmId(String realmId) {
        this.realmId = realmId;
    }

    public long getSize() {
        return size;
    }

    public void setSize(long size) {
        this.size = size;
    }

    public String getLastLeaf() {
        return lastLeaf;
    }

    public void setLastLeaf(String lastLeaf) {
        this.lastLeaf = lastLeaf;
    }

    public String getRange() {
        return range;
    }

    public void setRange(String range) {
        this.range = range;
    }

    public long getPrunedUpTo() {
        return prunedUpTo == null ? 0 : prunedUpTo;
    }

    public void setPrunedUpTo(long prunedUpTo) {
        this.prunedUpTo = prunedUpTo;
    }

    public Long getNodesBackfilled() {
        return nodesBackfilled;
    }

    public void setNodesBackfilled(Long nodesBackfilled) {
        this.nodesBackfilled = nodesBackfilled;
    }
}
