package dev.gatehouse.audit.alert.keycloak;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.timer.ScheduledTask;
import org.keycloak.util.JsonSerialization;

import dev.gatehouse.audit.alert.Alert;
import dev.gatehouse.audit.alert.AlertRecord;
import dev.gatehouse.audit.alert.AlertRule;
import dev.gatehouse.audit.alert.BuiltInRules;
import dev.gatehouse.audit.alert.SlidingWindow;
import dev.gatehouse.audit.alert.WindowState;
import dev.gatehouse.audit.delivery.keycloak.Outbox;
import dev.gatehouse.audit.listener.AfterCommit;
import dev.gatehouse.audit.listener.AuditEventListenerProviderFactory;
import dev.gatehouse.audit.listener.AuditMetrics;
import dev.gatehouse.audit.listener.AuditSystemEvent;
import dev.gatehouse.audit.store.AuditHeadEntity;
import dev.gatehouse.audit.store.AuditRecordEntity;
import dev.gatehouse.audit.store.AuditStore;

/**
 * Evaluates the alert rules over newly sealed records, realm by realm, in seq order from the realm's cursor. Runs
 * on one node at a time (cluster-aware timer) and under a row lock on the cursor; cursor, window states and fired
 * alerts (with their audit record and outbox rows) commit in the run's one transaction, so a crash re-evaluates
 * the same records from the same state and one incident gives one alert however many nodes run.
 */
public class AlertEvaluator implements ScheduledTask {

    private static final Logger LOG = Logger.getLogger(AlertEvaluator.class);
    static final int PAGE = 500;
    static final int PAGES_PER_RUN = 20;

    private final AuditMetrics metrics;
    private volatile long lastInvalidWarning;

    public AlertEvaluator(AuditMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public String getTaskName() {
        return "gatehouse-audit-alerts";
    }

    @Override
    public void run(KeycloakSession session) {
        session.realms().getRealmsStream()
                .filter(r -> r.getEventsListenersStream().anyMatch(AuditEventListenerProviderFactory.PROVIDER_ID::equals))
                .toList()
                .forEach(realm -> evaluate(session, realm));
    }

    private void evaluate(KeycloakSession session, RealmModel realm) {
        AuditStore audit = new AuditStore(session);
        AlertStore store = new AlertStore(session);
        String realmId = realm.getId();
        AlertCursorEntity cursor = store.lockCursor(realmId, () -> {
            AuditHeadEntity head = audit.head(realmId);
            return head == null ? 0 : head.getSize();
        });
        List<AlertRule> rules = rules(realm);
        Map<String, WindowState> states = new HashMap<>();
        Map<String, Long> expiries = new HashMap<>();
        long now = System.currentTimeMillis();
        long lastTime = now;
        boolean caughtUp = false;
        for (int p = 0; p < PAGES_PER_RUN && !caughtUp; p++) {
            List<AuditRecordEntity> page = audit.sealedAfter(realmId, cursor.getLastSeq(), PAGE);
            for (AuditRecordEntity e : page) {
                AlertRecord r = record(e);
                if (r != null) {
                    lastTime = r.time();
                    for (AlertRule rule : rules) {
                        String group = rule.groupOf(r);
                        if (group != null) {
                            observe(session, realm, store, rule, group, r.time(), r.seq(), states, expiries);
                        }
                    }
                }
                cursor.setLastSeq(e.getSeq());
            }
            caughtUp = page.size() < PAGE;
        }
        for (AlertRule rule : rules) {
            if (rule.trigger() == AlertRule.Trigger.SEAL_LAG) {
                List<AuditRecordEntity> oldest = audit.unsealed(realmId, 1);
                if (rule.lagging(oldest.isEmpty() ? null : oldest.get(0).getCreated(), now)) {
                    observe(session, realm, store, rule, "", now, null, states, expiries);
                }
            }
        }
        states.forEach((key, state) -> {
            int bar = key.indexOf('\n');
            store.saveState(realmId, key.substring(0, bar), key.substring(bar + 1), state, expiries.get(key));
        });
        // Behind a backlog, "now" is the time of the last record evaluated: states still needed for the rest stay.
        store.dropExpired(realmId, caughtUp ? now : Math.min(now, lastTime));
    }

    private void observe(KeycloakSession session, RealmModel realm, AlertStore store, AlertRule rule, String group, long time, Long seq,
                         Map<String, WindowState> states, Map<String, Long> expiries) {
        String key = rule.id() + "\n" + group;
        WindowState state = states.computeIfAbsent(key, k -> store.state(realm.getId(), rule.id(), group));
        SlidingWindow.Step step = rule.observe(state, time);
        states.put(key, step.next());
        expiries.put(key, step.next().expiresAt(rule.windowMillis()));
        if (step.fired()) {
            fire(session, realm, store, rule.alert(UUID.randomUUID().toString(), realm.getName(), group, step, time, seq));
        }
    }

    /** In the run's transaction: the alerts row, its audit record, its outbox rows; the metric once committed. */
    private void fire(KeycloakSession session, RealmModel realm, AlertStore store, Alert alert) {
        store.addFired(realm.getId(), alert, System.currentTimeMillis());
        Map<String, String> details = new LinkedHashMap<>();
        details.put("alert_id", alert.id());
        details.put("rule", alert.rule());
        details.put("severity", alert.severity().name());
        details.put("group_by", alert.groupBy());
        if (alert.group() != null) {
            details.put("group", alert.group());
        }
        details.put("count", String.valueOf(alert.count()));
        if (alert.lastSeq() != null) {
            details.put("last_seq", String.valueOf(alert.lastSeq()));
        }
        new AuditSystemEvent(session, realm.getId(), AlertRecord.ALERT_TYPE, null, details).publish();
        Outbox.enqueue(session, realm, alert);
        String realmName = realm.getName();
        AfterCommit.run(session, () -> metrics.alertFired(realmName, alert.rule(), alert.severity().name()));
        LOG.infof("gatehouse-audit: alert %s of rule %s (%s) in realm %s", alert.id(), alert.rule(), alert.severity(), realmName);
    }

    private List<AlertRule> rules(RealmModel realm) {
        List<BuiltInRules.Configured> components = AlertRuleProviderFactory.rules(realm).map(AlertRuleProviderFactory::configured).toList();
        List<AlertRule> out = new ArrayList<>();
        for (BuiltInRules.Effective e : BuiltInRules.effective(components, (c, ex) -> warnInvalid(realm, c, ex))) {
            if (e.rule().enabled()) {
                out.add(e.rule());
            }
        }
        return out;
    }

    /** A rule stored around validation (e.g. straight into the database) is skipped; one warning a minute says so. */
    private void warnInvalid(RealmModel realm, BuiltInRules.Configured c, RuntimeException e) {
        long now = System.currentTimeMillis();
        if (now - lastInvalidWarning > 60_000) {
            lastInvalidWarning = now;
            LOG.warnf("gatehouse-audit: alert rule component %s of realm %s skipped: %s", c.componentId(), realm.getName(), e.getMessage());
        }
    }

    /** The fields rules match on, from a sealed line; null for a pruned record. */
    @SuppressWarnings("unchecked")
    static AlertRecord record(AuditRecordEntity e) {
        if (e.getLine() == null) {
            return null;
        }
        Map<String, Object> f;
        try {
            f = JsonSerialization.readValue(e.getLine(), LinkedHashMap.class);
        } catch (IOException ex) {
            return null;
        }
        boolean admin = "admin".equals(f.get("kind"));
        Map<String, String> details = new HashMap<>();
        if (f.get("details") instanceof Map<?, ?> d) {
            d.forEach((k, v) -> {
                if (k != null && v != null) {
                    details.put(String.valueOf(k), String.valueOf(v));
                }
            });
        }
        return new AlertRecord(e.getSeq(), e.getCreated(), text(f.get("kind")), text(admin ? f.get("operation") : f.get("type")),
                text(f.get("resourceType")), text(f.get("error")), text(admin ? f.get("authUser") : f.get("user")),
                text(admin ? f.get("authClient") : f.get("client")), text(f.get("ip")), details);
    }

    private static String text(Object o) {
        return o == null ? null : o.toString();
    }
}
