package dev.gatehouse.authenticators.apikey.keycloak;

import java.io.Serializable;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.IdClass;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;

/** Uses and failures of one key on one day (epoch day, UTC). Only {@link ApiKeyStore} touches it. */
@Entity
@Table(name = "GATEHOUSE_API_KEY_USAGE")
@IdClass(ApiKeyUsageEntity.Key.class)
@NamedQueries({
        @NamedQuery(name = "gatehouseApiKeyUsage", query = "select u from ApiKeyUsageEntity u where u.keyId = :keyId and u.day >= :from order by u.day"),
        @NamedQuery(name = "gatehouseApiKeyUsageDelete", query = "delete from ApiKeyUsageEntity u where u.keyId in :keyIds")
})
public class ApiKeyUsageEntity {

    /** The composite primary key (KEY_ID, DAY). */
    public static class Key implements Serializable {

        private String keyId;
        private int day;

        public Key() {
        }

        public Key(String keyId, int day) {
            this.keyId = keyId;
            this.day = day;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.day == day && Objects.equals(k.keyId, keyId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(keyId, day);
        }
    }

    @Id
    @Column(name = "KEY_ID", nullable = false, length = 36)
    private String keyId;

    @Id
    @Column(name = "USAGE_DAY", nullable = false)
    private int day;

    @Column(name = "USES", nullable = false)
    private long uses;

    @Column(name = "FAILURES", nullable = false)
    private long failures;

    public String getKeyId() {
        return keyId;
    }

    public void setKeyId(String keyId) {
        this.keyId = keyId;
    }

    public int getDay() {
        return day;
    }

    public void setDay(int day) {
        this.day = day;
    }

    public long getUses() {
        return uses;
    }

    public void setUses(long uses) {
        this.uses = uses;
    }

    public long getFailures() {
        return failures;
    }

    public void setFailures(long failures) {
        this.failures = failures;
    }
}
