package dev.gatehouse.audit.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * One audit record. Written unsealed (no seq) in the transaction of the event it records; the sealer later
 * gives it its sequence number, the previous record's leaf hash and its canonical line.
 */
@Entity
@Table(name = "GATEHOUSE_AUDIT_RECORD")
@NamedQueries({
        @NamedQuery(name = "gatehouseAuditRealmsToSeal",
                query = "select distinct r.realmId from AuditRecordEntity r where r.seq is null"),
        @NamedQuery(name = "gatehouseAuditUnsealed",
                query = "select r from AuditRecordEntity r where r.realmId = :realmId and r.seq is null order by r.created, r.id"),
        @NamedQuery(name = "gatehouseAuditLeaves",
                query = "select r.leafHash from AuditRecordEntity r where r.realmId = :realmId and r.seq is not null order by r.seq"),
        @NamedQuery(name = "gatehouseAuditSealed",
                query = "select r from AuditRecordEntity r where r.realmId = :realmId and r.seq is not null order by r.seq"),
})
public class AuditRecordEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "CREATED", nullable = false)
    private long created;

    /** Canonical JSON of the event's fields, without seq and prev. */
    @Column(name = "PAYLOAD", nullable = false)
    private String payload;

    @Column(name = "SEQ")
    private Long seq;

    @Column(name = "LEAF_HASH", length = 64)
    private String leafHash;

    /** The record's exact line in the export, whose RFC 6962 leaf hash is LEAF_HASH. */
    @Column(name = "LINE")
    private String line;

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getRealmId() {
        return realmId;
    }

    public void setRealmId(String realmId) {
        this.realmId = realmId;
    }

    public long getCreated() {
        return created;
    }

    public void setCreated(long created) {
        this.created = created;
    }

    public String getPayload() {
        return payload;
    }

    public void setPayload(String payload) {
        this.payload = payload;
    }

    public Long getSeq() {
        return seq;
    }

    public void setSeq(Long seq) {
        this.seq = seq;
    }

    public String getLeafHash() {
        return leafHash;
    }

    public void setLeafHash(String leafHash) {
        this.leafHash = leafHash;
    }

    public String getLine() {
        return line;
    }

    public void setLine(String line) {
        this.line = line;
    }
}
