package dev.gatehouse.audit.alert.keycloak;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/** The window state (WindowState's text form) of one rule for one group of one realm; dropped once expired. */
@Entity
@Table(name = "GATEHOUSE_ALERT_STATE")
@NamedQueries({
        @NamedQuery(name = "gatehouseAlertStateExpired",
                query = "delete from AlertStateEntity s where s.realmId = :realmId and s.expires < :before"),
        @NamedQuery(name = "gatehouseAlertBudgetsEnded",
                query = "select s from AlertStateEntity s where s.realmId = :realmId and s.expires < :before and s.state like :prefix"),
        @NamedQuery(name = "gatehouseAlertStateOfRealm", query = "delete from AlertStateEntity s where s.realmId = :realmId"),
})
public class AlertStateEntity {

    /** SHA-256 (hex) of realm id, rule id and group value: fixed length whatever the group's value. */
    @Id
    @Column(name = "ID", length = 64)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "RULE_ID", length = 64, nullable = false)
    private String ruleId;

    @Column(name = "STATE", nullable = false)
    private String state;

    @Column(name = "EXPIRES", nullable = false)
    private long expires;

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

    public String getRuleId() {
        return ruleId;
    }

    public void setRuleId(String ruleId) {
        this.ruleId = ruleId;
    }

    public String getState() {
        return state;
    }

    public void setState(String state) {
        this.state = state;
    }

    public long getExpires() {
        return expires;
    }

    public void setExpires(long expires) {
        this.expires = expires;
    }
}
