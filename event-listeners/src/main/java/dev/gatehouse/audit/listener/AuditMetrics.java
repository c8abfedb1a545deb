package dev.gatehouse.audit.listener;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Audit meters on Keycloak's metrics endpoint. Labels are bounded (kind, outcome, failure kind); no realm, user
 * or client. The backlog gauges read the database, so every node reports the cluster's backlog, not its own;
 * one read serves all gauges for a few seconds so a scrape costs one query round.
 */
public final class AuditMetrics {

    private static final Logger LOG = Logger.getLogger(AuditMetrics.class);
    private static final long SNAPSHOT_MILLIS = 5000;

    private record Snapshot(long at, double unsealed, double sealLagSeconds, double checkpointAgeSeconds) {
    }

    private final MeterRegistry registry;
    private final List<Meter> meters = new CopyOnWriteArrayList<>();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private volatile Snapshot snapshot = new Snapshot(0, 0, 0, 0);
    private KeycloakSessionFactory factory;

    public AuditMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void bind(KeycloakSessionFactory factory) {
        this.factory = factory;
        meters.add(Gauge.builder("gatehouse.audit.unsealed.records", this, m -> m.read().unsealed)
                .description("Records written but not yet sealed, cluster-wide").register(registry));
        meters.add(Gauge.builder("gatehouse.audit.seal.lag", this, m -> m.read().sealLagSeconds).baseUnit("seconds")
                .description("Age of the oldest unsealed record (0 when none)").register(registry));
        meters.add(Gauge.builder("gatehouse.audit.last.checkpoint.age", this, m -> m.read().checkpointAgeSeconds).baseUnit("seconds")
                .description("Age of the newest checkpoint of the realm whose newest checkpoint is oldest").register(registry));
    }

    void appended(String kind, boolean success) {
        counter("appended|" + kind + "|" + success, () -> Counter.builder("gatehouse.audit.records.appended")
                .description("Audit records committed").tag("kind", kind).tag("outcome", success ? "success" : "error")).increment();
    }

    void sealed(long records) {
        counter("sealed", () -> Counter.builder("gatehouse.audit.records.sealed").description("Audit records sealed")).increment(records);
    }

    void verificationFailed(String kind) {
        counter("failed|" + kind, () -> Counter.builder("gatehouse.audit.verification.failures")
                .description("Audit verifications that failed").tag("kind", kind)).increment();
    }

    /** One registration per label set (they are few and bounded); every event after that is a map lookup. */
    private Counter counter(String key, Supplier<Counter.Builder> builder) {
        return counters.computeIfAbsent(key, k -> {
            Counter c = builder.get().register(registry);
            meters.add(c);
            return c;
        });
    }

    private Snapshot read() {
        Snapshot s = snapshot;
        long now = System.currentTimeMillis();
        if (factory == null || now - s.at < SNAPSHOT_MILLIS) {
            return s;
        }
        try {
            s = KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> {
                EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
                Object[] backlog = em.createNamedQuery("gatehouseAuditBacklog", Object[].class).getSingleResult();
                long unsealed = ((Number) backlog[0]).longValue();
                double lag = backlog[1] == null ? 0 : Math.max(0, now - ((Number) backlog[1]).longValue()) / 1000.0;
                List<Long> newest = em.createQuery("select max(c.created) from AuditCheckpointEntity c group by c.realmId", Long.class)
                        .getResultList();
                double age = newest.stream().mapToLong(Long::longValue).min().stream()
                        .mapToDouble(t -> Math.max(0, now - t) / 1000.0).findFirst().orElse(0);
                return new Snapshot(now, unsealed, lag, age);
            });
            snapshot = s;
        } catch (RuntimeException e) {
            // A scrape during a database outage keeps the last values rather than failing the whole endpoint.
            LOG.debugf("gatehouse-audit: metrics not refreshed: %s", e.getMessage());
        }
        return s;
    }

    void close() {
        meters.forEach(registry::remove);
        meters.clear();
        counters.clear();
    }
}
