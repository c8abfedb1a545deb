package dev.gatehouse.audit.delivery.keycloak;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jboss.logging.Logger;
import org.keycloak.component.ComponentModel;
import org.keycloak.connections.httpclient.HttpClientProvider;
import org.keycloak.email.EmailSenderProvider;
import org.keycloak.executors.ExecutorsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.timer.ScheduledTask;
import org.keycloak.vault.VaultStringSecret;

import dev.gatehouse.audit.delivery.AddressPolicy;
import dev.gatehouse.audit.delivery.DeliveryError;
import dev.gatehouse.audit.delivery.Destination;
import dev.gatehouse.audit.delivery.PassPlan;
import dev.gatehouse.audit.listener.AuditMetrics;
import dev.gatehouse.audit.listener.AuditSystemEvent;
import dev.gatehouse.audit.delivery.DestinationOption;
import dev.gatehouse.spi.UnresolvedVaultSecret;

/**
 * Sends due outbox rows (webhooks and mail) with backoff; one node at a time (cluster-aware timer). A pass:
 * <ol>
 * <li>on the timer thread, claims due rows in a short transaction (row locks, then a lease: their next attempt
 * moves past the pass's real deadline plus a margin, so an overlapping pass on another node leaves them alone) and
 * hands them to a bounded executor ({@value #EXECUTOR} of Keycloak's ExecutorsProvider); the timer thread
 * (sealing, alerting, Keycloak's own tasks) is never held by a receiver;</li>
 * <li>on that executor, sends them one after another with no database transaction open (a slow receiver holds no
 * locks); each attempt has a hard wall-clock deadline ({@link PassPlan#attemptMillis}) and a pass claims no more
 * than {@value #PASS_BUDGET_MILLIS} ms of deadlines;</li>
 * <li>records each outcome in its own short transaction (one failing record rolls back no other).</li>
 * </ol>
 * A node runs one pass at a time: while its sends are under way, its timer ticks return at once. A crash between 2
 * and 3 leaves the row pending: it is sent again once its lease ends, with the same alert and delivery ids (at least
 * once; receivers de-duplicate on the signed alert id). A destination's consecutive failures set one backoff for
 * all its rows; at its max failures it is disabled and a GATEHOUSE_DESTINATION_DISABLED record written.
 */
public class DeliveryTask implements ScheduledTask {

    /** The record of a destination turned off after its failure limit; a built-in rule makes it a CRITICAL alert to the others. */
    static final String DESTINATION_DISABLED = "GATEHOUSE_DESTINATION_DISABLED";

    private static final Logger LOG = Logger.getLogger(DeliveryTask.class);
    static final int BATCH = 50;
    /** The ExecutorsProvider task type the sends run on (Keycloak's bounded pool; size it with spi-executors options). */
    static final String EXECUTOR = "gatehouse-delivery";
    /** The sum of the attempt deadlines one pass may claim. */
    static final long PASS_BUDGET_MILLIS = 60_000L;
    /**
     * Rows of a disabled or misconfigured destination are looked at again after this. Enabling it makes them due at
     * once (the factory's onUpdate); the short recheck also covers an enable that raced a pass, or one made another way.
     */
    static final long PARK_MILLIS = 15_000L;
    static final long LEASE_MARGIN_MILLIS = 30_000L;
    /** Rows of a disabled destination wait this long at most; then they are dead ("expired while disabled"). */
    static final long MAX_PARKED_AGE_MILLIS = 7L * 24 * 3600 * 1000;
    static final long GAUGE_MILLIS = 15_000L;
    /** Delivered and dead rows are deleted this long after they were queued (checked hourly). */
    static final long OUTBOX_RETENTION_MILLIS = 30L * 24 * 3600 * 1000;
    static final long PRUNE_EVERY_MILLIS = 3600_000L;

    /** This node's pass is sending (instance state of the one task the factory schedules). */
    private final AtomicBoolean sending = new AtomicBoolean();
    private final AddressPolicy addresses;
    private final AuditMetrics metrics;
    private volatile long gaugesAt;
    private volatile long prunedAt;

    public DeliveryTask(AddressPolicy addresses, AuditMetrics metrics) {
        this.addresses = addresses;
        this.metrics = metrics;
    }

    private record Claim(OutboxRow row, Destination destination) {
    }

    private record Result(Claim claim, long time, String error) {
    }

    @Override
    public String getTaskName() {
        return "gatehouse-audit-delivery";
    }

    @Override
    public void run(KeycloakSession session) {
        if (!sending.compareAndSet(false, true)) {
            return;
        }
        boolean handedOver = false;
        try {
            KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
            long now = System.currentTimeMillis();
            if (now - gaugesAt >= GAUGE_MILLIS) {
                gaugesAt = now;
                session.realms().getRealmsStream().forEach(r -> metrics.destinationsDisabled(r.getName(),
                        (int) Destinations.of(r).stream().filter(e -> e.destination() != null && !e.destination().enabled()).count()));
            }
            if (now - prunedAt >= PRUNE_EVERY_MILLIS) {
                prunedAt = now;
                prune(factory, now);
            }
            List<Claim> claims = new ArrayList<>();
            KeycloakModelUtils.runJobInTransaction(factory, s -> claim(s, System.currentTimeMillis(), claims));
            if (claims.isEmpty()) {
                return;
            }
            ExecutorService executor = session.getProvider(ExecutorsProvider.class).getExecutor(EXECUTOR);
            executor.execute(() -> {
                try {
                    sendAll(factory, claims);
                } finally {
                    sending.set(false);
                }
            });
            handedOver = true;
        } finally {
            if (!handedOver) {
                sending.set(false);
            }
        }
    }

    private static void prune(KeycloakSessionFactory factory, long now) {
        try {
            KeycloakModelUtils.runJobInTransaction(factory, s -> {
                int n = new OutboxStore(s).prune(now - OUTBOX_RETENTION_MILLIS);
                if (n > 0) {
                    LOG.debugf("gatehouse-audit: pruned %d delivered or dead outbox rows", n);
                }
            });
        } catch (RuntimeException e) {
            LOG.warnf("gatehouse-audit: pruning the alert outbox failed (%s); retried in an hour", e.getClass().getSimpleName());
        }
    }

    private void claim(KeycloakSession s, long now, List<Claim> out) {
        OutboxStore store = new OutboxStore(s);
        PassPlan plan = new PassPlan(now, PASS_BUDGET_MILLIS, LEASE_MARGIN_MILLIS);
        for (OutboxEntity row : store.lockDue(now, BATCH)) {
            RealmModel realm = s.realms().getRealm(row.getRealmId());
            Optional<Destinations.Entry> entry = realm == null ? Optional.empty() : Destinations.find(realm, row.getDestinationId());
            if (entry.isEmpty()) {
                row.setState(OutboxEntity.DEAD);
                row.setLastError(realm == null ? "realm removed" : "destination removed");
                continue;
            }
            Destination d = entry.get().destination();
            if (d == null || !d.enabled()) {
                if (row.getCreated() < now - MAX_PARKED_AGE_MILLIS) {
                    row.setState(OutboxEntity.DEAD);
                    row.setLastError("expired while disabled");
                } else {
                    row.setNextAttempt(now + PARK_MILLIS);
                }
                continue;
            }
            if (!plan.fits(d)) {
                break; // the pass's budget is spent: the rest stays due for the next pass
            }
            row.setNextAttempt(plan.add(d));
            out.add(new Claim(OutboxRow.of(row), d));
        }
    }

    /** Off the timer thread; one failure stops a destination for this pass (its other rows wait for its backoff). */
    private void sendAll(KeycloakSessionFactory factory, List<Claim> claims) {
        Set<String> failing = new HashSet<>();
        for (Claim c : claims) {
            if (failing.contains(c.destination().id())) {
                continue;
            }
            Result[] result = new Result[1];
            try {
                KeycloakModelUtils.runJobInTransaction(factory, s -> result[0] = send(s, c));
            } catch (RuntimeException e) {
                LOG.debugf(e, "gatehouse-audit: delivery %s failed", c.row().id());
                result[0] = new Result(c, System.currentTimeMillis(), DeliveryError.FAILED);
            }
            if (result[0].error() != null) {
                failing.add(c.destination().id());
            }
            try {
                KeycloakModelUtils.runJobInTransaction(factory, s -> record(s, result[0]));
            } catch (RuntimeException e) {
                // The row stays pending under its lease and is sent again after it (at least once).
                LOG.warnf("gatehouse-audit: recording delivery %s failed (%s); it is retried after its lease",
                        c.row().id(), e.getClass().getSimpleName());
            }
        }
    }

    private Result send(KeycloakSession session, Claim c) {
        RealmModel realm = session.realms().getRealm(c.row().realmId());
        // The vault and the mail sender resolve ${vault.…} in the context realm.
        session.getContext().setRealm(realm);
        String error = null;
        try {
            if (c.destination().type() == Destination.Type.WEBHOOK) {
                new WebhookSender(session.getProvider(HttpClientProvider.class).getHttpClient(), addresses)
                        .send(c.destination(), secret(session, c.destination()), c.row());
            } else {
                new MailSender(session.getProvider(EmailSenderProvider.class)).send(realm, c.destination(), c.row());
            }
        } catch (DeliveryFailure e) {
            error = e.getMessage();
        } catch (RuntimeException e) {
            error = DeliveryError.FAILED;
            LOG.debugf(e, "gatehouse-audit: delivery %s failed", c.row().id());
        }
        return new Result(c, System.currentTimeMillis(), error);
    }

    private static String secret(KeycloakSession session, Destination d) throws DeliveryFailure {
        if (!Destination.isVaultReference(d.secret())) {
            return d.secret();
        }
        try (VaultStringSecret s = session.vault().getStringSecret(d.secret())) {
            // Keycloak hands back nothing for a missing vault entry; signing with the reference text would mislead receivers.
            return UnresolvedVaultSecret.resolved(s.get()).filter(v -> !v.isEmpty()).orElseThrow(() -> new DeliveryFailure("vault secret not found"));
        }
    }

    private void record(KeycloakSession s, Result r) {
        OutboxStore store = new OutboxStore(s);
        OutboxEntity row = store.row(r.claim().row().id());
        Destination d = r.claim().destination();
        DestinationStateEntity state = store.state(r.claim().row().realmId(), d.id());
        state.setLastAttempt(r.time());
        if (row != null) {
            row.setAttempts(row.getAttempts() + 1);
            row.setLastAttempt(r.time());
            row.setLastError(r.error());
        }
        if (r.error() == null) {
            if (row != null) {
                row.setState(OutboxEntity.DELIVERED);
                row.setDelivered(r.time());
            }
            state.setFailures(0);
            state.setLastDelay(0);
            state.setLastError(null);
            return;
        }
        int failures = state.getFailures() + 1;
        long delay = d.backoff().delay(failures, state.getLastDelay(), ThreadLocalRandom.current());
        state.setFailures(failures);
        state.setLastDelay(delay);
        state.setLastError(r.error());
        LOG.debugf("gatehouse-audit: delivery %s to destination %s failed (%s), attempt %d, next in %d ms",
                r.claim().row().id(), d.id(), r.error(), failures, delay);
        // Every pending row of a failing destination waits for its next attempt (the skipped ones of this pass too).
        store.reschedule(d.id(), r.time() + delay);
        if (failures >= d.maxFailures()) {
            disable(s, r.claim().row().realmId(), d, failures, r.error());
        }
    }

    private static void disable(KeycloakSession s, String realmId, Destination d, int failures, String error) {
        RealmModel realm = s.realms().getRealm(realmId);
        ComponentModel stored = realm == null ? null : realm.getComponent(d.id());
        if (stored == null || !AlertDestinationFactory.enabled(stored)) {
            return;
        }
        ComponentModel c = new ComponentModel(stored);
        c.getConfig().putSingle(DestinationOption.ENABLED.key(), "false");
        realm.updateComponent(c);
        LOG.errorf("gatehouse-audit: alert destination %s (%s) of realm %s disabled after %d consecutive failed attempts, the last: %s. "
                + "Its queued and new alerts wait (at most 7 days); enable it again once the receiver works.", d.id(), c.getName(), realm.getName(), failures, error);
        new AuditSystemEvent(s, realmId, DESTINATION_DISABLED, null, Map.of(
                "destination", d.id(), "name", c.getName(), "failures", String.valueOf(failures), "lastError", error)).publish();
    }
}
