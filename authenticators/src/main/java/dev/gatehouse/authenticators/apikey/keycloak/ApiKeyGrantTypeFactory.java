package dev.gatehouse.authenticators.apikey.keycloak;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.protocol.oidc.grants.OAuth2GrantType;
import org.keycloak.protocol.oidc.grants.OAuth2GrantTypeFactory;

/** The grant {@value #GRANT_TYPE} at the token endpoint (lane use). */
public class ApiKeyGrantTypeFactory implements OAuth2GrantTypeFactory {

    public static final String GRANT_TYPE = "urn:gatehouse:params:oauth:grant-type:api-key";
    public static final String PARAMETER = "api_key";

    @Override
    public OAuth2GrantType create(KeycloakSession session) {
        return new ApiKeyGrantType();
    }

    @Override
    public String getShortcut() {
        return "gak";
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
        return GRANT_TYPE;
    }
}
