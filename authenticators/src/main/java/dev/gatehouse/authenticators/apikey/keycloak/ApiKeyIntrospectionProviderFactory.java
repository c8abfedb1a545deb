package dev.gatehouse.authenticators.apikey.keycloak;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.AccessTokenIntrospectionProvider;
import org.keycloak.protocol.oidc.AccessTokenIntrospectionProviderFactory;
import org.keycloak.protocol.oidc.TokenIntrospectionProvider;
import org.keycloak.representations.AccessToken;

/**
 * Keycloak's access token introspection, except for tokens of the API key grant: those are answered as issued
 * (the key's roles, scope and {@code gatehouse_api_key}). Keycloak would rebuild the token's transient session and
 * re-run the role mappers, answering with every role the owner holds within the client's scope. Same provider id
 * as Keycloak's, with a higher order, so Keycloak picks this one; everything else is Keycloak's own.
 */
public class ApiKeyIntrospectionProviderFactory extends AccessTokenIntrospectionProviderFactory {

    @Override
    public TokenIntrospectionProvider create(KeycloakSession session) {
        return new AccessTokenIntrospectionProvider<>(session) {
            @Override
            public AccessToken transformAccessToken(AccessToken token, UserSessionModel userSession) {
                return ApiKeyTokens.issuedByKey(session, token) ? token : super.transformAccessToken(token, userSession);
            }
        };
    }

    @Override
    public int order() {
        return 1;
    }
}
