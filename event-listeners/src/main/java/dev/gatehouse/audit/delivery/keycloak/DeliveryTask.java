package dev.gatehouse.audit.delivery.keycloak;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import org.jboss.logging.Logger;
import org.keycloak.component.ComponentModel;
import org.keycloak.connections.httpclient.HttpClientProvider;
import org.keycloak.email.EmailSenderProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.timer.ScheduledTask;
import org.keycloak.vault.VaultStringSecret;

import dev.gatehouse.audit.delivery.Destination;
import dev.gatehouse.audit.delivery.DestinationOption;

/**
 * Sends due outbox rows (webhooks and mail) with backoff; one node at a time (cluster-aware timer). A pass:
 * <ol>
 * <li>claims due rows in a short transaction (row locks, then a lease: their next attempt moves past the pass's
 * worst case, so an overlapping pass on another node leaves them alone);</li>
 * <li>sends them with no database transaction of its own open (a slow receiver holds no locks);</li>
 * <li>records each outcome in a second short transaction.</li>
 * </ol>
 * A crash between 2 and 3 leaves the row pending: it is sent again once its lease ends, with the same alert and
 * delivery ids (at least once; receivers de-duplicate on the alert id). A destination's consecutive failures set
 * one backoff for all its rows; at its max failures it is disabled and a GATEHOUSE_DESTINATION_DISABLED record written.
 */
public class DeliveryTask implements ScheduledTask {

    private static final Logger LOG = Logger.getLogger(DeliveryTask.class);
    static final int BATCH = 50;
    /**
     * Rows of a disabled or misconfigured destination are looked at again after this. Enabling it makes them due at
     * once (the factory's onUpdate); the short recheck also covers an enable that raced a pass, or one made another way.
     */
    static final long PARK_MILLIS = 15_000L;
    static final long LEASE_MARGIN_MILLIS = 30_000L;

    private record Claim(OutboxRow row, Destination destination) {
    }

    private record Result(Claim claim, long time, String error, boolean sent) {
    }

    @Override
    public String getTaskName() {
        return "gatehouse-audit-delivery";
    }

    @Override
    public void run(KeycloakSession session) {
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        List<Claim> claims = new ArrayList<>();
        KeycloakModelUtils.runJobInTransaction(factory, s -> claim(s, System.currentTimeMillis(), claims));
        if (claims.isEmpty()) {
            return;
        }
        List<Result> results = send(session, claims);
        KeycloakModelUtils.runJobInTransaction(factory, s -> record(s, results));
    }

    private void claim(KeycloakSession s, long now, List<Claim> out) {
        OutboxStore store = new OutboxStore(s);
        long lease = now + LEASE_MARGIN_MILLIS;
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
                row.setNextAttempt(now + PARK_MILLIS);
                continue;
            }
            lease += d.timeoutMillis();
            row.setNextAttempt(lease);
            out.add(new Claim(OutboxRow.of(row), d));
        }
    }

    /** In the task's session, whose transaction holds no row locks; one failure stops a destination for this pass. */
    private List<Result> send(KeycloakSession session, List<Claim> claims) {
        Set<String> failing = new HashSet<>();
        List<Result> results = new ArrayList<>();
        WebhookSender webhooks = null;
        MailSender mail = null;
        for (Claim c : claims) {
            if (failing.contains(c.destination().id())) {
                results.add(new Result(c, System.currentTimeMillis(), null, false));
                continue;
            }
            RealmModel realm = session.realms().getRealm(c.row().realmId());
            // The vault and the mail sender resolve ${vault.…} in the context realm.
            session.getContext().setRealm(realm);
            String error = null;
            try {
                if (c.destination().type() == Destination.Type.WEBHOOK) {
                    if (webhooks == null) {
                        webhooks = new WebhookSender(session.getProvider(HttpClientProvider.class).getHttpClient());
                    }
                    webhooks.send(c.destination(), secret(session, c.destination()), c.row());
                } else {
                    if (mail == null) {
                        mail = new MailSender(session.getProvider(EmailSenderProvider.class));
                    }
                    mail.send(realm, c.destination(), c.row());
                }
            } catch (DeliveryFailure e) {
                error = e.getMessage();
            } catch (RuntimeException e) {
                error = e.getClass().getSimpleName();
                LOG.debugf(e, "gatehouse-audit: delivery %s failed", c.row().id());
            }
            if (error != null) {
                failing.add(c.destination().id());
            }
            results.add(new Result(c, System.currentTimeMillis(), error, true));
        }
        return results;
    }

    private static String secret(KeycloakSession session, Destination d) throws DeliveryFailure {
        if (!Destination.isVaultReference(d.secret())) {
            return d.secret();
        }
        try (VaultStringSecret s = session.vault().getStringSecret(d.secret())) {
            // Keycloak hands back nothing for a missing vault entry; signing with the reference text would mislead receivers.
            return s.get().filter(v -> !v.isEmpty()).orElseThrow(() -> new DeliveryFailure("vault secret not found"));
        }
    }

    private void record(KeycloakSession s, List<Result> results) {
        OutboxStore store = new OutboxStore(s);
        Map<String, Long> nextAttempt = new HashMap<>();
        for (Result r : results) {
            if (!r.sent()) {
                continue;
            }
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
                continue;
            }
            int failures = state.getFailures() + 1;
            long delay = d.backoff().delay(failures, state.getLastDelay(), ThreadLocalRandom.current());
            state.setFailures(failures);
            state.setLastDelay(delay);
            state.setLastError(r.error());
            nextAttempt.put(d.id(), r.time() + delay);
            LOG.debugf("gatehouse-audit: delivery %s to destination %s failed (%s), attempt %d, next in %d ms",
                    r.claim().row().id(), d.id(), r.error(), failures, delay);
            if (failures >= d.maxFailures()) {
                disable(s, r.claim().row().realmId(), d, failures, r.error());
            }
        }
        // Every pending row of a failing destination waits for its next attempt (the skipped ones of this pass too).
        nextAttempt.forEach(store::reschedule);
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
        LOG.warnf("gatehouse-audit: alert destination %s (%s) of realm %s disabled after %d consecutive failed attempts, the last: %s. "
                + "Its queued alerts wait; enable it again once the receiver works.", d.id(), c.getName(), realm.getName(), failures, error);
        s.getKeycloakSessionFactory().publish(new DestinationDisabledEvent(s, realmId, Map.of(
                "destination", d.id(), "name", c.getName(), "failures", String.valueOf(failures), "lastError", error)));
    }
}
