package dev.gatehouse.audit.store;

import static org.keycloak.models.jpa.PaginationUtils.paginateQuery;

import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import org.hibernate.jpa.AvailableHints;

import dev.gatehouse.audit.view.RecordCursor;
import dev.gatehouse.audit.view.RecordFilter;

/**
 * A filtered query over one realm's audit records, built with the Criteria API as Keycloak's JpaEventQuery is.
 * Newest first; ties broken by id, so pages are stable and a {@link RecordCursor} continues exactly after the
 * last record of a page (keyset paging: deep pages cost what the first does). Each equality filter matches a
 * (REALM_ID, column, CREATED) index; search is LIKE on DETAILS_TEXT (a trigram index on PostgreSQL).
 */
public final class AuditRecordQuery {

    /** Which records an outcome filter keeps. */
    public enum Outcome {
        SUCCESS, ERROR
    }

    private final EntityManager em;
    private final CriteriaBuilder cb;
    private final CriteriaQuery<AuditRecordEntity> cq;
    private final Root<AuditRecordEntity> root;
    private final List<Predicate> predicates = new ArrayList<>();
    private Integer first;
    private Integer max;

    AuditRecordQuery(EntityManager em, String realmId) {
        this.em = em;
        this.cb = em.getCriteriaBuilder();
        this.cq = cb.createQuery(AuditRecordEntity.class);
        this.root = cq.from(AuditRecordEntity.class);
        predicates.add(cb.equal(root.get("realmId"), realmId));
    }

    /** Applies every given filter of {@code f} (the actor must already be a user id). */
    public AuditRecordQuery filter(RecordFilter f) {
        if (f.actor() != null) {
            user(f.actor());
        }
        if (f.kind() != null) {
            equal("kind", f.kind());
        }
        if (f.type() != null) {
            type(f.type());
        }
        if (f.outcome() != null) {
            outcome(f.outcome() == RecordFilter.Outcome.SUCCESS ? Outcome.SUCCESS : Outcome.ERROR);
        }
        if (f.ip() != null) {
            ip(f.ip());
        }
        if (f.client() != null) {
            client(f.client());
        }
        if (f.from() != null) {
            from(f.from());
        }
        if (f.to() != null) {
            to(f.to());
        }
        if (f.search() != null) {
            predicates.add(cb.like(root.get("detailsText"), "%" + escapeLike(f.search()) + "%", '\\'));
        }
        if (f.session() != null) {
            equal("sessionId", f.session());
        }
        if (f.correlationId() != null) {
            equal("correlationId", f.correlationId());
        }
        return this;
    }

    /** Records strictly after {@code c} in the newest-first order. */
    public AuditRecordQuery after(RecordCursor c) {
        predicates.add(cb.or(cb.lessThan(root.get("created"), c.created()),
                cb.and(cb.equal(root.get("created"), c.created()), cb.lessThan(root.get("id"), c.id()))));
        return this;
    }

    /** User id; for admin records the acting admin. */
    public AuditRecordQuery user(String userId) {
        return equal("userId", userId);
    }

    /** Client id; for admin records the acting admin's client. */
    public AuditRecordQuery client(String clientId) {
        return equal("clientId", clientId);
    }

    /** Event type, or admin operation. */
    public AuditRecordQuery type(String type) {
        return equal("type", type);
    }

    public AuditRecordQuery ip(String ip) {
        return equal("ip", ip);
    }

    public AuditRecordQuery outcome(Outcome outcome) {
        predicates.add(outcome == Outcome.SUCCESS ? cb.isNull(root.get("error")) : cb.isNotNull(root.get("error")));
        return this;
    }

    /** Created at or after, epoch millis. */
    public AuditRecordQuery from(long millis) {
        predicates.add(cb.greaterThanOrEqualTo(root.get("created"), millis));
        return this;
    }

    /** Created at or before, epoch millis. */
    public AuditRecordQuery to(long millis) {
        predicates.add(cb.lessThanOrEqualTo(root.get("created"), millis));
        return this;
    }

    public AuditRecordQuery page(int first, int max) {
        this.first = first;
        this.max = max;
        return this;
    }

    public List<AuditRecordEntity> getResultList() {
        cq.where(predicates.toArray(Predicate[]::new));
        cq.orderBy(cb.desc(root.get("created")), cb.desc(root.get("id")));
        TypedQuery<AuditRecordEntity> query = em.createQuery(cq);
        query.setHint(AvailableHints.HINT_READ_ONLY, true);
        return paginateQuery(query, first, max).getResultList();
    }

    private AuditRecordQuery equal(String field, String value) {
        predicates.add(cb.equal(root.get(field), value));
        return this;
    }

    static String escapeLike(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
