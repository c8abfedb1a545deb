package dev.gatehouse.audit.alert.keycloak;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/** One fired alert; BODY is the Alert's JSON, as delivered. */
@Entity
@Table(name = "GATEHOUSE_ALERT")
@NamedQueries({
        @NamedQuery(name = "gatehouseAlertsNewest",
                query = "select a from AlertEntity a where a.realmId = :realmId order by a.fired desc, a.id desc"),
        @NamedQuery(name = "gatehouseAlertsOlder",
                query = "select a.id from AlertEntity a where a.realmId = :realmId and a.fired < :before order by a.fired, a.id"),
        @NamedQuery(name = "gatehouseAlertsDelete", query = "delete from AlertEntity a where a.id in :ids"),
        @NamedQuery(name = "gatehouseAlertsOfRealm", query = "delete from AlertEntity a where a.realmId = :realmId"),
        @NamedQuery(name = "gatehouseAlertCursorOfRealm", query = "delete from AlertCursorEntity c where c.realmId = :realmId"),
})
public class AlertEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "FIRED", nullable = false)
    private long fired;

    @Column(name = "RULE_ID", length = 64, nullable = false)
    private String ruleId;

    @Column(name = "SEVERITY", length = 16, nullable = false)
    private String severity;

    @Column(name = "BODY", nullable = false)
    private String body;

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

    public long getFired() {
        return fired;
    }

    public void setFired(long fired) {
        this.fired = fired;
    }

    public String getRuleId() {
        return ruleId;
    }

    public void setRuleId(String ruleId) {
        this.ruleId = ruleId;
    }

    public String getSeverity() {
        return severity;
    }

    public void setSeverity(String severity) {
        this.severity = severity;
    }

    public String getBody() {
        return body;
    }

    public void setBody(String body) {
        this.body = body;
    }
}
