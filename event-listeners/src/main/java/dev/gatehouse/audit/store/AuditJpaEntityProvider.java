package dev.gatehouse.audit.store;

import java.util.List;

import dev.gatehouse.audit.alert.keycloak.AlertCursorEntity;
import dev.gatehouse.audit.alert.keycloak.AlertEntity;
import dev.gatehouse.audit.alert.keycloak.AlertStateEntity;

import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;

import dev.gatehouse.audit.delivery.keycloak.DestinationStateEntity;
import dev.gatehouse.audit.delivery.keycloak.OutboxEntity;

/** Registers the audit tables with Keycloak's JPA and their Liquibase changelog. */
public class AuditJpaEntityProvider implements JpaEntityProvider {

    @Override
    public List<Class<?>> getEntities() {
        return List.of(AuditRecordEntity.class, AuditHeadEntity.class, AuditCheckpointEntity.class, AuditNodeEntity.class,
                AlertCursorEntity.class, AlertStateEntity.class, AlertEntity.class, OutboxEntity.class, DestinationStateEntity.class);
    }

    @Override
    public String getChangelogLocation() {
        return "META-INF/gatehouse-audit-changelog.xml";
    }

    @Override
    public String getFactoryId() {
        return AuditJpaEntityProviderFactory.PROVIDER_ID;
    }

    @Override
    public void close() {
    }
}
