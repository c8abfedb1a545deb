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
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

import dev.gatehouse.audit.ExportVerifier;
import dev.gatehouse.audit.store.AuditStore;

/**
 * Audit meters on Keycloak's metrics endpoint. Labels are bounded (kind, outcome, failure kind; for alerts realm, rule
 * and severity, all admin-defined); never a user, address or client. The backlog gauges read the database, so every node reports the cluster's backlog, not its own;
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
    private final Map<String, java.util.concurrent.atomic.AtomicInteger> disabledDestinations = new ConcurrentHashMap<>();
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

    public void appended(String kind, boolean success) {
        counter("appended|" + kind + "|" + success, () -> Counter.builder("gatehouse.audit.records.appended")
                .description("Audit records committed").tag("kind", kind).tag("outcome", success ? "success" : "error")).increment();
    }

    public void sealed(long records) {
        counter("sealed", () -> Counter.builder("gatehouse.audit.records.sealed").description("Audit records sealed")).increment(records);
    }

    public void verificationFailed(ExportVerifier.Failure failure) {
        counter("failed|" + failure, () -> Counter.builder("gatehouse.audit.verification.failures")
                .description("Audit verifications that failed").tag("kind", failure.label())).increment();
    }

    /** An alert fired (counted after its transaction committed). Labels are bounded: realms and rules are admin-defined. */
    public void alertFired(String realm, String rule, String severity) {
        counter("alert|" + realm + "|" + rule + "|" + severity, () -> Counter.builder("gatehouse.audit.alerts")
                .description("Alerts fired by the audit alert rules").tag("realm", realm).tag("rule", rule).tag("severity", severity)).increment();
    }

    public void alertSuppressed(String realm, String rule) {
        counter("suppressed|" + realm + "|" + rule, () -> Counter.builder("gatehouse.audit.alerts.suppressed")
                .description("Alerts suppressed by their rule's budget (reported in a digest alert)").tag("realm", realm).tag("rule", rule)).increment();
    }

    /**
     * Disabled alert destinations of a realm (a realm whose last destination is disabled gets no alerts anywhere).
     * One gauge per realm, registered when the realm is first reported.
     */
    public void destinationsDisabled(String realm, int disabled) {
        disabledDestinations.computeIfAbsent(realm, r -> {
            java.util.concurrent.atomic.AtomicInteger value = new java.util.concurrent.atomic.AtomicInteger();
            meters.add(Gauge.builder("gatehouse.audit.destinations.disabled", value, java.util.concurrent.atomic.AtomicInteger::get)
                    .description("Alert destinations that are disabled (by an admin or after their failure limit)").tag("realm", r).register(registry));
            return value;
        }).set(disabled);
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
                AuditStore store = new AuditStore(session);
                AuditStore.Backlog backlog = store.backlog();
                double lag = backlog.oldestCreated() == null ? 0 : Math.max(0, now - backlog.oldestCreated()) / 1000.0;
                List<Long> newest = store.newestCheckpointPerRealm();
                double age = newest.stream().mapToLong(Long::longValue).min().stream()
                        .mapToDouble(t -> Math.max(0, now - t) / 1000.0).findFirst().orElse(0);
                return new Snapshot(now, backlog.unsealed(), lag, age);
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
        disabledDestinations.clear();
    }
}
