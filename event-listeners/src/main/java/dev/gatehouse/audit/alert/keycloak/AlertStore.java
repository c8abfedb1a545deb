package dev.gatehouse.audit.alert.keycloak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.util.JsonSerialization;

import dev.gatehouse.audit.alert.Alert;
import dev.gatehouse.audit.alert.AlertBudget;
import dev.gatehouse.audit.alert.WindowState;

/** The one door to the alert tables: cursor per realm, window state per rule and group, budget per rule, fired alerts. */
public final class AlertStore {

    private final EntityManager em;

    public AlertStore(KeycloakSession session) {
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    /**
     * The realm's cursor, locked until the transaction ends, so two evaluators never read the same records.
     * Created at {@code start} (the log's current size: history before alerting was on raises no alerts).
     */
    public AlertCursorEntity lockCursor(String realmId, LongSupplier start) {
        AlertCursorEntity c = em.find(AlertCursorEntity.class, realmId, LockModeType.PESSIMISTIC_WRITE);
        if (c == null) {
            c = new AlertCursorEntity();
            c.setRealmId(realmId);
            c.setLastSeq(start.getAsLong());
            em.persist(c);
            em.flush();
            // Two nodes may both have created it; the loser's flush fails and its run rolls back, harmlessly.
            c = em.find(AlertCursorEntity.class, realmId, LockModeType.PESSIMISTIC_WRITE);
        }
        return c;
    }

    public WindowState state(String realmId, String ruleId, String group) {
        AlertStateEntity s = em.find(AlertStateEntity.class, stateId(realmId, ruleId, group));
        return s == null ? WindowState.EMPTY : WindowState.decode(s.getState());
    }

    public void saveState(String realmId, String ruleId, String group, WindowState state, long expires) {
        put(stateId(realmId, ruleId, group), realmId, ruleId, state.encode(), expires);
    }

    private void put(String id, String realmId, String ruleId, String text, long expires) {
        AlertStateEntity s = em.find(AlertStateEntity.class, id);
        boolean created = s == null;
        if (created) {
            s = new AlertStateEntity();
            s.setId(id);
            s.setRealmId(realmId);
            s.setRuleId(ruleId);
        }
        s.setState(text);
        s.setExpires(expires);
        if (created) {
            em.persist(s);
        }
    }

    /**
     * The budget of one rule in one realm, kept in the state table under the rule's id and an empty group key
     * marked as a budget (its text starts with {@code budget|}, so it never reads as a window state).
     */
    public AlertBudget budget(String realmId, String ruleId) {
        AlertStateEntity s = em.find(AlertStateEntity.class, budgetId(realmId, ruleId));
        return s == null ? AlertBudget.EMPTY : AlertBudget.decode(s.getState());
    }

    public void saveBudget(String realmId, String ruleId, AlertBudget budget, long expires) {
        put(budgetId(realmId, ruleId), realmId, ruleId, budget.encode(), expires);
    }

    /** The realm's budgets whose window ended before {@code before} (at most one per rule), by rule id. */
    public Map<String, AlertBudget> budgetsEndingBefore(String realmId, long before) {
        Map<String, AlertBudget> out = new HashMap<>();
        em.createNamedQuery("gatehouseAlertBudgetsEnded", AlertStateEntity.class).setParameter("realmId", realmId)
                .setParameter("before", before).setParameter("prefix", AlertBudget.encodedPrefix() + "%")
                .getResultStream().forEach(s -> out.put(s.getRuleId(), AlertBudget.decode(s.getState())));
        return out;
    }

    /** Deletes at most {@code max} of the realm's fired alerts older than {@code before}, oldest first. */
    public int pruneFired(String realmId, long before, int max) {
        List<String> ids = em.createNamedQuery("gatehouseAlertsOlder", String.class).setParameter("realmId", realmId)
                .setParameter("before", before).setMaxResults(max).getResultList();
        if (ids.isEmpty()) {
            return 0;
        }
        return em.createNamedQuery("gatehouseAlertsDelete").setParameter("ids", ids).executeUpdate();
    }

    /** Drops states that can no longer affect a decision. */
    public int dropExpired(String realmId, long before) {
        return em.createNamedQuery("gatehouseAlertStateExpired").setParameter("realmId", realmId).setParameter("before", before).executeUpdate();
    }

    public void addFired(String realmId, Alert alert, long fired) {
        AlertEntity a = new AlertEntity();
        a.setId(alert.id());
        a.setRealmId(realmId);
        a.setFired(fired);
        a.setRuleId(alert.rule());
        a.setSeverity(alert.severity().name());
        try {
            a.setBody(JsonSerialization.writeValueAsString(alert));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        em.persist(a);
    }

    /** Fired alerts, newest first. */
    public List<Alert> fired(String realmId, int first, int max) {
        return em.createNamedQuery("gatehouseAlertsNewest", AlertEntity.class).setParameter("realmId", realmId)
                .setFirstResult(first).setMaxResults(max).getResultStream().map(a -> read(a.getBody())).toList();
    }

    private static Alert read(String body) {
        try {
            return JsonSerialization.readValue(body, Alert.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Forgets a removed realm's cursor, states and alerts (its audit records stay: the log is append-only). */
    public void removeRealm(String realmId) {
        for (String q : new String[] {"gatehouseAlertStateOfRealm", "gatehouseAlertsOfRealm", "gatehouseAlertCursorOfRealm"}) {
            em.createNamedQuery(q).setParameter("realmId", realmId).executeUpdate();
        }
    }

    static String budgetId(String realmId, String ruleId) {
        return stateId(realmId, ruleId + "\nbudget", "");
    }

    static String stateId(String realmId, String ruleId, String group) {
        return java.util.HexFormat.of().formatHex(org.keycloak.jose.jws.crypto.HashUtils.hash("SHA-256",
                (realmId + "\n" + ruleId + "\n" + (group == null ? "" : group)).getBytes(StandardCharsets.UTF_8)));
    }
}
