package dev.gatehouse.audit.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/** A signed checkpoint (C2SP signed note) of one realm's log after a seal. */
@Entity
@Table(name = "GATEHOUSE_AUDIT_CHECKPOINT")
@NamedQueries({
        @NamedQuery(name = "gatehouseAuditCheckpoints",
                query = "select c from AuditCheckpointEntity c where c.realmId = :realmId order by c.size, c.created"),
        @NamedQuery(name = "gatehouseAuditLatestCheckpoint",
                query = "select c from AuditCheckpointEntity c where c.realmId = :realmId order by c.size desc, c.created desc"),
        @NamedQuery(name = "gatehouseAuditNewestCheckpoint",
                query = "select max(c.created) from AuditCheckpointEntity c where c.realmId = :realmId"),
        @NamedQuery(name = "gatehouseAuditNewestCheckpointPerRealm",
                query = "select max(c.created) from AuditCheckpointEntity c group by c.realmId"),
})
public class AuditCheckpointEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "TREE_SIZE", nullable = false)
    private long size;

    @Column(name = "CREATED", nullable = false)
    private long created;

    @Column(name = "NOTE", nullable = false)
    private String note;

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

    public long getSize() {
        return size;
    }

    public void setSize(long size) {
        this.size = size;
    }

    public long getCreated() {
        return created;
    }

    public void setCreated(long created) {
        this.created = created;
    }

    public String getNote() {
        return note;
    }

    public void setNote(String note) {
        this.note = note;
    }
}
