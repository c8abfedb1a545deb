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
        @NamedQuery(name = "gatehouseApiKeyUsage", query = "select u from ApiKeyUsageEntity u where u.keyId = :keyId and u.usageDay >= :from order by u.usageDay"),
        @NamedQuery(name = "gatehouseApiKeyUsageDelete", query = "delete from ApiKeyUsageEntity u where u.keyId in :keyIds")
})
public class ApiKeyUsageEntity {

    /** The composite primary key (KEY_ID, USAGE_DAY). */
    public static class Key implements Serializable {

        private String keyId;
        private int usageDay;

        public Key() {
        }

        public Key(String keyId, int usageDay) {
            this.keyId = keyId;
            this.usageDay = usageDay;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.usageDay == usageDay && Objects.equals(k.keyId, keyId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(keyId, usageDay);
        }
    }

    @Id
    @Column(name = "KEY_ID", nullable = false, length = 36)
    private String keyId;

    @Id
    @Column(name = "USAGE_DAY", nullable = false)
    private int usageDay;

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

    public int getUsageDay() {
        return usageDay;
    }

    public void setUsageDay(int usageDay) {
        this.usageDay = usageDay;
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
