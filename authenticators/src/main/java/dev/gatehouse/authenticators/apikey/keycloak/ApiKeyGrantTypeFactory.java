package dev.gatehouse.authenticators.apikey.keycloak;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.protocol.oidc.grants.OAuth2GrantType;
import org.keycloak.protocol.oidc.grants.OAuth2GrantTypeFactory;

/**
 * The grant {@value #GRANT_TYPE} at the token endpoint, through Keycloak's grant-type SPI ({@code oauth2-grant-type}).
 * The SPI is internal: Keycloak logs KC-SERVICES0047 for it at start (docs/api-keys.md, "Exchange"). The token
 * endpoint finds the grant by this id and lists it in the realm's well-known {@code grant_types_supported}.
 */
public class ApiKeyGrantTypeFactory implements OAuth2GrantTypeFactory {

    public static final String GRANT_TYPE = "urn:gatehouse:params:oauth:grant-type:api-key";
    public static final String PARAMETER = "api_key";

    @Override
    public OAuth2GrantType create(KeycloakSession session) {
        return new ApiKeyGrantType();
    }

    /** Keycloak encodes it into every token id: exactly two characters, unique among the server's grants. */
    @Override
    public String getShortcut() {
        return "gk";
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
