package dev.gatehouse.audit.alert.keycloak;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.timer.ScheduledTask;
import org.keycloak.util.JsonSerialization;

import dev.gatehouse.audit.alert.Alert;
import dev.gatehouse.audit.alert.AlertBudget;
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
 * Evaluates the alert rules over newly sealed records, realm by realm (in realm id order, one transaction each), in
 * seq order from the realm's cursor. Runs on one node at a time (cluster-aware timer) and under a row lock on the
 * cursor; cursor, window states, budgets and fired alerts (with their audit record and outbox rows) commit in the
 * realm's one transaction, so a crash re-evaluates the same records from the same state and one incident gives one
 * alert however many nodes run. Also prunes fired alerts past their retention, a bounded number per run.
 */
public class AlertEvaluator implements ScheduledTask {

    private static final Logger LOG = Logger.getLogger(AlertEvaluator.class);
    static final int PAGE = 500;
    static final int PAGES_PER_RUN = 20;
    /** Fired alerts deleted per realm and run, at most: retention never makes one run long. */
    static final int PRUNE_PER_RUN = 500;
    /** How long fired alerts are kept when the audit log has no retention. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(90);

    private final AuditMetrics metrics;
    private final Duration retention;
    private final Map<String, Long> lastFailureWarning = new ConcurrentHashMap<>();
    private volatile long lastInvalidWarning;

    /** @param retention how long fired alerts (GATEHOUSE_ALERT rows) are kept; null keeps them */
    public AlertEvaluator(AuditMetrics metrics, Duration retention) {
        this.metrics = metrics;
        this.retention = retention;
    }

    @Override
    public String getTaskName() {
        return "gatehouse-audit-alerts";
    }

    @Override
    public void run(KeycloakSession session) {
        // Realms in id order, each in its own transaction: cursor locks are always taken in the same order on every
        // node, and one realm that fails (e.g. a rule component the database refuses) can't roll back or stall the others.
        List<String> realmIds = session.realms().getRealmsStream()
                .filter(r -> r.getEventsListenersStream().anyMatch(AuditEventListenerProviderFactory.PROVIDER_ID::equals))
                .map(RealmModel::getId).sorted().toList();
        for (String realmId : realmIds) {
            try {
                KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), s -> {
                    RealmModel realm = s.realms().getRealm(realmId);
                    if (realm != null) {
                        s.getContext().setRealm(realm);
                        evaluate(s, realm);
                    }
                });
            } catch (RuntimeException e) {
                warnFailed(realmId, e);
            }
        }
    }

    /** One line per realm and minute: the exception's class only (its message may quote SQL or config values). */
    private void warnFailed(String realmId, RuntimeException e) {
        long now = System.currentTimeMillis();
        Long last = lastFailureWarning.get(realmId);
        if (last == null || now - last > 60_000) {
            lastFailureWarning.put(realmId, now);
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            LOG.warnf("gatehouse-audit: alert evaluation of realm %s failed (%s, root %s); the other realms go on, this one is retried",
                    realmId, e.getClass().getName(), root.getClass().getName());
        }
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
        long now = System.currentTimeMillis();
        skipStale(audit, realm, cursor, rules, now);
        Map<String, WindowState> states = new HashMap<>();
        Map<String, Long> expiries = new HashMap<>();
        Map<String, AlertBudget> budgets = new HashMap<>();
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
                            observe(session, realm, store, rule, group, r.time(), r.seq(), states, expiries, budgets);
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
                    observe(session, realm, store, rule, "", now, null, states, expiries, budgets);
                }
            }
        }
        // Behind a backlog, "now" is the time of the last record evaluated: states still needed for the rest stay.
        long before = caughtUp ? now : Math.min(now, lastTime);
        closeBudgets(session, realm, store, rules, budgets, before);
        states.forEach((key, state) -> {
            int bar = key.indexOf('\n');
            store.saveState(realmId, key.substring(0, bar), key.substring(bar + 1), state, expiries.get(key));
        });
        budgets.forEach((ruleId, budget) -> {
            AlertRule rule = rules.stream().filter(x -> x.id().equals(ruleId)).findFirst().orElseThrow();
            store.saveBudget(realmId, ruleId, budget, budget.expiresAt(rule.windowMillis()));
        });
        store.dropExpired(realmId, before);
        if (retention != null) {
            store.pruneFired(realmId, now - retention.toMillis(), PRUNE_PER_RUN);
        }
    }

    /**
     * Records older than the realm's longest rule window (at least 15 minutes: {@link AlertRule#staleBefore}) would
     * only report old history (e.g. the listener switched back on after months): the cursor jumps past them, with a
     * log line. A restart after a shorter downtime loses nothing: its records are still evaluated. One cheap read of
     * the next record decides; the jump's search runs only when that record is stale.
     */
    private void skipStale(AuditStore audit, RealmModel realm, AlertCursorEntity cursor, List<AlertRule> rules, long now) {
        List<AuditRecordEntity> next = audit.sealedAfter(realm.getId(), cursor.getLastSeq(), 1);
        long staleBefore = AlertRule.staleBefore(rules, now);
        if (next.isEmpty() || next.get(0).getCreated() >= staleBefore) {
            return;
        }
        Long upTo = audit.prunableUpTo(realm.getId(), staleBefore);
        if (upTo != null && upTo > cursor.getLastSeq()) {
            LOG.infof("gatehouse-audit: alert evaluation of realm %s skips records %d..%d, older than %d s: no alerts for old history",
                    realm.getName(), cursor.getLastSeq() + 1, upTo, (now - staleBefore) / 1000);
            cursor.setLastSeq(upTo);
        }
    }

    /** Budget windows that ended before {@code before} report their suppressed alerts in one digest each. */
    private void closeBudgets(KeycloakSession session, RealmModel realm, AlertStore store, List<AlertRule> rules,
                              Map<String, AlertBudget> budgets, long before) {
        store.budgetsEndingBefore(realm.getId(), before).forEach(budgets::putIfAbsent);
        for (AlertRule rule : rules) {
            AlertBudget b = budgets.get(rule.id());
            if (b != null) {
                AlertBudget.Decision d = b.close(rule.windowMillis(), before);
                if (d.digest() != null) {
                    fireDigest(session, realm, store, rule, d.digest());
                }
                budgets.put(rule.id(), d.next());
            }
        }
        budgets.keySet().removeIf(id -> rules.stream().noneMatch(r -> r.id().equals(id)));
    }

    private void observe(KeycloakSession session, RealmModel realm, AlertStore store, AlertRule rule, String group, long time, Long seq,
                         Map<String, WindowState> states, Map<String, Long> expiries, Map<String, AlertBudget> budgets) {
        String key = rule.id() + "\n" + group;
        WindowState state = states.computeIfAbsent(key, k -> store.state(realm.getId(), rule.id(), group));
        SlidingWindow.Step step = rule.observe(state, time);
        states.put(key, step.next());
        expiries.put(key, step.next().expiresAt(rule.windowMillis()));
        if (step.fired()) {
            AlertBudget budget = budgets.computeIfAbsent(rule.id(), k -> store.budget(realm.getId(), rule.id()));
            AlertBudget.Decision d = budget.spend(rule.budget(), rule.windowMillis(), time);
            budgets.put(rule.id(), d.next());
            if (d.digest() != null) {
                fireDigest(session, realm, store, rule, d.digest());
            }
            if (d.fire()) {
                fire(session, realm, store, rule.alert(UUID.randomUUID().toString(), realm.getName(), group, step, time, seq), false);
            } else {
                String realmName = realm.getName();
                AfterCommit.run(session, () -> metrics.alertSuppressed(realmName, rule.id()));
            }
        }
    }

    private void fireDigest(KeycloakSession session, RealmModel realm, AlertStore store, AlertRule rule, AlertBudget.Digest digest) {
        fire(session, realm, store, rule.digest(UUID.randomUUID().toString(), realm.getName(), digest), true);
    }

    /** In the run's transaction: the alerts row, its audit record, its outbox rows; the metric once committed. */
    private void fire(KeycloakSession session, RealmModel realm, AlertStore store, Alert alert, boolean digest) {
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
        if (digest) {
            details.put("suppressed", String.valueOf(alert.count()));
        }
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
