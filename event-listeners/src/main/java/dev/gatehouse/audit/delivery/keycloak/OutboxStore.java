package dev.gatehouse.audit.delivery.keycloak;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaDelete;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;

/**
 * The one door to the outbox tables (GATEHOUSE_ALERT_OUTBOX and GATEHOUSE_ALERT_DESTINATION_STATE): fixed
 * queries are named queries on the entities, the admin listing is built with the Criteria API.
 */
public final class OutboxStore {

    private final EntityManager em;

    public OutboxStore(KeycloakSession session) {
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    public void add(OutboxEntity row) {
        em.persist(row);
    }

    public OutboxEntity row(String id) {
        return em.find(OutboxEntity.class, id);
    }

    /**
     * Due pending rows, oldest due first, row-locked until the transaction ends: two nodes whose passes overlap
     * (a pass may outlast the cluster lock of the timer) never claim the same row.
     */
    public List<OutboxEntity> lockDue(long now, int max) {
        return em.createNamedQuery("gatehouseOutboxDue", OutboxEntity.class)
                .setParameter("now", now).setMaxResults(max).setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList();
    }

    /** Moves every pending row of a destination to {@code next} (its backoff, a re-enable, a parked disabled destination). */
    public void reschedule(String destinationId, long next) {
        em.createNamedQuery("gatehouseOutboxReschedule").setParameter("destinationId", destinationId).setParameter("next", next).executeUpdate();
    }

    /** Pending rows of a removed destination can never be sent: dead, with the reason. */
    public void bury(String destinationId, String error) {
        em.createNamedQuery("gatehouseOutboxBury").setParameter("destinationId", destinationId).setParameter("error", error).executeUpdate();
    }

    /** Deletes delivered and dead rows created before {@code before} (retention); how many. */
    public int prune(long before) {
        CriteriaBuilder cb = em.getCriteriaBuilder();
        CriteriaDelete<OutboxEntity> d = cb.createCriteriaDelete(OutboxEntity.class);
        Root<OutboxEntity> o = d.from(OutboxEntity.class);
        d.where(o.get("state").in(OutboxEntity.DELIVERED, OutboxEntity.DEAD), cb.lessThan(o.<Long>get("created"), before));
        return em.createQuery(d).executeUpdate();
    }

    public Map<String, Long> pendingPerDestination(String realmId) {
        Map<String, Long> out = new HashMap<>();
        for (Object[] r : em.createNamedQuery("gatehouseOutboxPendingPerDestination", Object[].class)
                .setParameter("realmId", realmId).getResultList()) {
            out.put((String) r[0], (Long) r[1]);
        }
        return out;
    }

    /** A realm's rows, newest first, optionally of one state and one destination. */
    public List<OutboxEntity> rows(String realmId, String state, String destinationId, int first, int max) {
        CriteriaBuilder cb = em.getCriteriaBuilder();
        CriteriaQuery<OutboxEntity> q = cb.createQuery(OutboxEntity.class);
        Root<OutboxEntity> o = q.from(OutboxEntity.class);
        List<Predicate> where = new ArrayList<>();
        where.add(cb.equal(o.get("realmId"), realmId));
        if (state != null) {
            where.add(cb.equal(o.get("state"), state));
        }
        if (destinationId != null) {
            where.add(cb.equal(o.get("destinationId"), destinationId));
        }
        q.select(o).where(where.toArray(Predicate[]::new)).orderBy(cb.desc(o.get("created")), cb.desc(o.get("id")));
        return em.createQuery(q).setFirstResult(first).setMaxResults(max).getResultList();
    }

    /** The destination's health row, or null before its first attempt. */
    public DestinationStateEntity findState(String destinationId) {
        return em.find(DestinationStateEntity.class, destinationId);
    }

    /** The destination's health row, created (0 failures) if missing. */
    public DestinationStateEntity state(String realmId, String destinationId) {
        DestinationStateEntity s = em.find(DestinationStateEntity.class, destinationId);
        if (s == null) {
            s = new DestinationStateEntity();
            s.setDestinationId(destinationId);
            s.setRealmId(realmId);
            em.persist(s);
        }
        return s;
    }

    public Map<String, DestinationStateEntity> states(String realmId) {
        Map<String, DestinationStateEntity> out = new HashMap<>();
        em.createNamedQuery("gatehouseDestinationStates", DestinationStateEntity.class).setParameter("realmId", realmId)
                .getResultStream().forEach(s -> out.put(s.getDestinationId(), s));
        return out;
    }

    public void removeState(String destinationId) {
        DestinationStateEntity s = em.find(DestinationStateEntity.class, destinationId);
        if (s != null) {
            em.remove(s);
        }
    }
}
