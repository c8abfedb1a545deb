package dev.gatehouse.vault.keycloak;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/** {@code /admin/realms/{realm}/gatehouse-vault}: flush and inventory ({@link VaultAdminResource}). */
public class VaultAdminResourceFactory implements AdminRealmResourceProviderFactory {

    public static final String PROVIDER_ID = "gatehouse-vault";

    @Override
    public AdminRealmResourceProvider create(KeycloakSession session) {
        return new AdminRealmResourceProvider() {
            @Override
            public Object getResource(KeycloakSession s, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
                return new VaultAdminResource(s, realm, auth, adminEvent);
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
