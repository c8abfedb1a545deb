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
        @NamedQuery(name = "gatehouseAuditSealedAfter",
                query = "select r from AuditRecordEntity r where r.realmId = :realmId and r.seq > :after order by r.seq"),
        @NamedQuery(name = "gatehouseAuditBacklog",
                query = "select count(r), min(r.created) from AuditRecordEntity r where r.seq is null"),
        @NamedQuery(name = "gatehouseAuditPrunable",
                query = "select max(r.seq) from AuditRecordEntity r where r.realmId = :realmId and r.seq is not null and r.created < :before"),
        @NamedQuery(name = "gatehouseAuditRealmBacklog",
                query = "select count(r), min(r.created) from AuditRecordEntity r where r.realmId = :realmId and r.seq is null"),
        @NamedQuery(name = "gatehouseAuditPrune",
                query = "update AuditRecordEntity r set r.payload = null, r.line = null, r.type = null, r.error = null, r.userId = null, "
                        + "r.clientId = null, r.ip = null, r.sessionId = null, r.correlationId = null, r.detailsText = null where r.realmId = :realmId and r.seq > :after and r.seq <= :upTo"),
})
public class AuditRecordEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "CREATED", nullable = false)
    private long created;

    /** Canonical JSON of the event's fields, without seq and prev; null once pruned by retention. */
    @Column(name = "PAYLOAD")
    private String payload;

    @Column(name = "SEQ")
    private Long seq;

    // Copies of payload fields, for indexed queries only: the payload (and the sealed line) is the record.
    @Column(name = "KIND", length = 8)
    private String kind;

    @Column(name = "EVENT_TYPE", length = 64)
    private String type;

    @Column(name = "ERROR", length = 255)
    private String error;

    @Column(name = "USER_ID", length = 255)
    private String userId;

    @Column(name = "CLIENT_ID", length = 255)
    private String clientId;

    @Column(name = "IP_ADDRESS", length = 255)
    private String ip;

    @Column(name = "SESSION_ID", length = 255)
    private String sessionId;

    @Column(name = "CORRELATION_ID", length = 255)
    private String correlationId;

    /** Lower-case key=value text of the details (DetailsText), for search. */
    @Column(name = "DETAILS_TEXT", length = 1000)
    private String detailsText;

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

    public String getKind() {
        return kind;
    }

    public void setKind(String kind) {
        this.kind = kind;
    }

    public String getType() {
        return type;
    }

    public void setType(String type) {
        this.type = type;
    }

    public String getError() {
        return error;
    }

    public void setError(String error) {
        this.error = error;
    }

    public String getUserId() {
        return userId;
    }

    public void setUserId(String userId) {
        this.userId = userId;
    }

    public String getClientId() {
        return clientId;
    }

    public void setClientId(String clientId) {
        this.clientId = clientId;
    }

    public String getIp() {
        return ip;
    }

    public void setIp(String ip) {
        this.ip = ip;
    }

    public String getSessionId() {
        return sessionId;
    }

    public void setSessionId(String sessionId) {
        this.sessionId = sessionId;
    }

    public String getCorrelationId() {
        return correlationId;
    }

    public void setCorrelationId(String correlationId) {
        this.correlationId = correlationId;
    }

    public String getDetailsText() {
        return detailsText;
    }

    public void setDetailsText(String detailsText) {
        this.detailsText = detailsText;
    }
}
