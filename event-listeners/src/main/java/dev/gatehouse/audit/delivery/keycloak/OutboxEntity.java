package dev.gatehouse.audit.delivery.keycloak;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * One delivery of one alert to one destination. Its id is the Gatehouse-Delivery-Id header; a resend after a
 * crash keeps it and the alert id. State: pending (waiting or retrying), delivered, or dead (its destination was removed).
 */
@Entity
@Table(name = "GATEHOUSE_ALERT_OUTBOX")
@NamedQueries({
        @NamedQuery(name = "gatehouseOutboxDue",
                query = "select o from OutboxEntity o where o.state = 'pending' and o.nextAttempt <= :now order by o.nextAttempt, o.created, o.id"),
        @NamedQuery(name = "gatehouseOutboxPendingPerDestination",
                query = "select o.destinationId, count(o) from OutboxEntity o where o.realmId = :realmId and o.state = 'pending' group by o.destinationId"),
        @NamedQuery(name = "gatehouseOutboxReschedule",
                query = "update OutboxEntity o set o.nextAttempt = :next where o.destinationId = :destinationId and o.state = 'pending'"),
        @NamedQuery(name = "gatehouseOutboxBury",
                query = "update OutboxEntity o set o.state = 'dead', o.lastError = :error where o.destinationId = :destinationId and o.state = 'pending'"),
})
public class OutboxEntity {

    public static final String PENDING = "pending";
    public static final String DELIVERED = "delivered";
    public static final String DEAD = "dead";

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "DESTINATION_ID", length = 36, nullable = false)
    private String destinationId;

    @Column(name = "ALERT_ID", length = 36, nullable = false)
    private String alertId;

    @Column(name = "BODY", nullable = false)
    private String body;

    @Column(name = "STATE", length = 16, nullable = false)
    private String state;

    @Column(name = "ATTEMPTS", nullable = false)
    private int attempts;

    @Column(name = "NEXT_ATTEMPT", nullable = false)
    private long nextAttempt;

    @Column(name = "LAST_ATTEMPT")
    private Long lastAttempt;

    @Column(name = "LAST_ERROR", length = 255)
    private String lastError;

    @Column(name = "CREATED", nullable = false)
    private long created;

    @Column(name = "DELIVERED")
    private Long delivered;

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

    public String getDestinationId() {
        return destinationId;
    }

    public void setDestinationId(String destinationId) {
        this.destinationId = destinationId;
    }

    public String getAlertId() {
        return alertId;
    }

    public void setAlertId(String alertId) {
        this.alertId = alertId;
    }

    public String getBody() {
        return body;
    }

    public void setBody(String body) {
        this.body = body;
    }

    public String getState() {
        return state;
    }

    public void setState(String state) {
        this.state = state;
    }

    public int getAttempts() {
        return attempts;
    }

    public void setAttempts(int attempts) {
        this.attempts = attempts;
    }

    public long getNextAttempt() {
        return nextAttempt;
    }

    public void setNextAttempt(long nextAttempt) {
        this.nextAttempt = nextAttempt;
    }

    public Long getLastAttempt() {
        return lastAttempt;
    }

    public void setLastAttempt(Long lastAttempt) {
        this.lastAttempt = lastAttempt;
    }

    public String getLastError() {
        return lastError;
    }

    public void setLastError(String lastError) {
        this.lastError = lastError;
    }

    public long getCreated() {
        return created;
    }

    public void setCreated(long created) {
        this.created = created;
    }

    public Long getDelivered() {
        return delivered;
    }

    public void setDelivered(Long delivered) {
        this.delivered = delivered;
    }
}
