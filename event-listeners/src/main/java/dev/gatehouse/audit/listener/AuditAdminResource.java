package dev.gatehouse.audit.listener;

import java.util.List;

import jakarta.persistence.EntityManager;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import dev.gatehouse.audit.store.AuditCheckpointEntity;
import dev.gatehouse.audit.store.AuditRecordEntity;

/** /admin/realms/{realm}/gatehouse-audit: export, checkpoints and key, for admins who may view events. */
public class AuditAdminResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;

    AuditAdminResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
    }

    /** The sealed records as JSON Lines: each line is the exact bytes whose leaf hash the tree holds. */
    @GET
    @Path("export")
    @Produces("text/plain; charset=utf-8")
    public String export() {
        auth.realm().requireViewEvents();
        StringBuilder out = new StringBuilder();
        for (AuditRecordEntity r : em().createNamedQuery("gatehouseAuditSealed", AuditRecordEntity.class)
                .setParameter("realmId", realm.getId()).getResultList()) {
            out.append(r.getLine()).append('\n');
        }
        return out.toString();
    }

    /** Every checkpoint, oldest first, as signed notes one after another. */
    @GET
    @Path("checkpoints")
    @Produces("text/plain; charset=utf-8")
    public String checkpoints() {
        auth.realm().requireViewEvents();
        StringBuilder out = new StringBuilder();
        List<AuditCheckpointEntity> all = em().createNamedQuery("gatehouseAuditCheckpoints", AuditCheckpointEntity.class)
                .setParameter("realmId", realm.getId()).getResultList();
        all.forEach(c -> out.append(c.getNote()));
        return out.toString();
    }

    /** The signed-note verifier key of the checkpoints. */
    @GET
    @Path("public-key")
    @Produces("text/plain; charset=utf-8")
    public String publicKey() {
        auth.realm().requireViewEvents();
        AuditEventListenerProviderFactory f = (AuditEventListenerProviderFactory) session.getKeycloakSessionFactory()
                .getProviderFactory(EventListenerProvider.class, AuditEventListenerProviderFactory.PROVIDER_ID);
        String key = f == null ? null : f.verifierKey();
        if (key == null) {
            throw new NotFoundException("checkpoints are not signed: no signing key configured");
        }
        return key + "\n";
    }

    private EntityManager em() {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }
}
