package dev.gatehouse.authenticators.apikey.keycloak;

import jakarta.ws.rs.core.Response;
import org.keycloak.Config;
import org.keycloak.OAuthErrorException;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.protocol.oidc.TokenExchangeContext;
import org.keycloak.protocol.oidc.TokenExchangeProvider;
import org.keycloak.protocol.oidc.TokenExchangeProviderFactory;
import org.keycloak.services.CorsErrorResponseException;

/**
 * Refuses Keycloak's token exchange of a token issued by the API key grant (as subject or actor). Keycloak's
 * exchange builds the new token from the owner's roles within the requesting client's scope, so a key's token would
 * turn into a token with all of its owner's rights. Ordered before Keycloak's exchange providers, it claims only
 * those requests and answers 400 {@code invalid_request}.
 */
public class ApiKeyTokenExchangeGuardFactory implements TokenExchangeProviderFactory {

    public static final String PROVIDER_ID = "gatehouse-api-key-guard";
    static final String MESSAGE = "a token obtained with an API key can't be exchanged";

    @Override
    public TokenExchangeProvider create(KeycloakSession session) {
        return new TokenExchangeProvider() {
            @Override
            public boolean supports(TokenExchangeContext context) {
                return ApiKeyTokens.issuedByKey(session, context.getParams().getSubjectToken())
                        || ApiKeyTokens.issuedByKey(session, context.getParams().getActorToken());
            }

            @Override
            public Response exchange(TokenExchangeContext context) {
                context.getEvent().detail(Details.REASON, MESSAGE);
                context.getEvent().error(Errors.INVALID_REQUEST);
                throw new CorsErrorResponseException(context.getCors(), OAuthErrorException.INVALID_REQUEST, MESSAGE,
                        Response.Status.BAD_REQUEST);
            }

            @Override
            public void close() {
            }
        };
    }

    /** Above Keycloak's standard (10) and legacy exchange providers. */
    @Override
    public int order() {
        return 100;
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
