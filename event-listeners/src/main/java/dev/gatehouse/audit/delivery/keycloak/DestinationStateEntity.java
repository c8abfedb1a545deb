package dev.gatehouse.audit.delivery.keycloak;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * A destination's delivery health, beside its component (whose config an admin edits): consecutive failed
 * attempts, the last backoff delay, the last error (never a secret: a status code or an exception's class).
 */
@Entity
@Table(name = "GATEHOUSE_ALERT_DESTINATION_STATE")
@NamedQueries({
        @NamedQuery(name = "gatehouseDestinationStates",
                query = "select s from DestinationStateEntity s where s.realmId = :realmId"),
})
public class DestinationStateEntity {

    @Id
    @Column(name = "DESTINATION_ID", length = 36)
    private String destinationId;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "FAILURES", nullable = false)
    private int failures;

    @Column(name = "LAST_DELAY", nullable = false)
    private long lastDelay;

    @Column(name = "LAST_ATTEMPT")
    private Long lastAttempt;

    @Column(name = "LAST_ERROR", length = 255)
    private String lastError;

    public String getDestinationId() {
        return destinationId;
    }

    public void setDestinationId(String destinationId) {
        this.destinationId = destinationId;
    }

    public String getRealmId() {
        return realmId;
    }

    public void setRealmId(String realmId) {
        this.realmId = realmId;
    }

    public int getFailures() {
        return failures;
    }

    public void setFailures(int failures) {
        this.failures = failures;
    }

    public long getLastDelay() {
        return lastDelay;
    }

    public void setLastDelay(long lastDelay) {
        this.lastDelay = lastDelay;
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
}
