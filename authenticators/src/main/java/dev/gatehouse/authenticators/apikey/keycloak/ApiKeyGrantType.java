package dev.gatehouse.authenticators.apikey.keycloak;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.OAuth2Constants;
import org.keycloak.OAuthErrorException;
import org.keycloak.events.Details;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.RoleUtils;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.protocol.oidc.grants.OAuth2GrantTypeBase;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.idm.OAuth2ErrorRepresentation;
import org.keycloak.services.Urls;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.managers.AuthenticationSessionManager;
import org.keycloak.services.managers.UserSessionManager;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.sessions.RootAuthenticationSessionModel;

import dev.gatehouse.authenticators.apikey.Refusal;

/**
 * The grant {@value ApiKeyGrantTypeFactory#GRANT_TYPE}: an API key (form parameter
 * {@value ApiKeyGrantTypeFactory#PARAMETER}) for a short-lived access token of the key's owner, carrying only the
 * key's effective roles and client scopes. Keycloak's token endpoint has already authenticated the client (a public
 * client by its id, a confidential one by its credentials); {@link ApiKeys#validate} then checks the client against
 * {@code exchangeClients} and the key in the documented order.
 *
 * <p>The session is what the {@code client_credentials} grant makes: a transient user session (nothing stored, no
 * refresh token, no ID token), so the token lives on its own and a revoked key makes no new ones.
 */
public class ApiKeyGrantType extends OAuth2GrantTypeBase {

    /** The access token's claim naming the key. */
    public static final String CLAIM = "gatehouse_api_key";
    /** The user session's authentication method, as {@code client_credentials} has its own. */
    static final String AUTH_METHOD = "gatehouse-api-key";
    /** Keycloak event details (the context headers get {@value #CTX_DETAIL} + lower-case name). */
    static final String KEY_DETAIL = "gatehouse_api_key";
    static final String REASON_DETAIL = "gatehouse_reason";
    static final String CTX_DETAIL = "gatehouse_ctx_";

    @Override
    public EventType getEventType() {
        return EventType.CLIENT_LOGIN;
    }

    @Override
    public Set<String> getTokenParameterNames() {
        return Set.of(ApiKeyGrantTypeFactory.PARAMETER);
    }

    @Override
    protected boolean useRefreshToken() {
        return false;
    }

    /**
     * Never at Keycloak's own bearer-token endpoints (admin REST and console, account REST, the pack's account REST,
     * authorization services, broker token retrieval): they judge a caller by the user's current roles, not by the
     * roles in the token, so a key's token would act there with all of its owner's rights. Keycloak asks this of
     * the grant that issued a token through {@code GrantTypeEndpointRestrictionValidator}. Resource servers, for
     * which the tokens are made, don't ask.
     */
    @Override
    public boolean isTokenAllowed(KeycloakSession session, AccessToken token) {
        return false;
    }

    @Override
    public Response process(Context context) {
        setContext(context);
        // Keycloak's own check of the scope parameter against the client (400 invalid_scope): a request error that
        // says nothing about any key, so it comes before the key is looked at.
        String scopeParam = getRequestedScopes();
        List<String> asked = scopeParam == null ? List.of() : Arrays.stream(scopeParam.trim().split("\\s+"))
                .filter(s -> !s.isEmpty() && !OAuth2Constants.SCOPE_OPENID.equals(s)).distinct().toList();

        ApiKeys keys = ApiKeys.of(session);
        ApiKeys.UseContext use = new ApiKeys.UseContext(clientConnection.getRemoteAddr(), headers::getHeaderString,
                List.of(), asked, ApiKeys.Via.EXCHANGE, client.getClientId());
        ApiKeys.Verdict verdict = keys.validate(realm, formParams.getFirst(ApiKeyGrantTypeFactory.PARAMETER), use);
        describe(verdict);
        if (!verdict.ok()) {
            return refuse(verdict);
        }
        return token(verdict, asked);
    }

    private Response token(ApiKeys.Verdict verdict, List<String> asked) {
        UserModel owner = verdict.owner();
        String scope = tokenScope(verdict.scopes(), asked);

        RootAuthenticationSessionModel root = new AuthenticationSessionManager(session).createAuthenticationSession(realm, false);
        AuthenticationSessionModel authSession = root.createAuthenticationSession(client);
        authSession.setAuthenticatedUser(owner);
        authSession.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
        authSession.setClientNote(OIDCLoginProtocol.ISSUER, Urls.realmIssuer(session.getContext().getUri().getBaseUri(), realm.getName()));
        // Keycloak adds the client's default scopes itself; the optional ones come only from the key.
        authSession.setClientNote(OIDCLoginProtocol.SCOPE_PARAM, scope);

        UserSessionModel userSession = new UserSessionManager(session).createUserSession(root.getId(), realm, owner,
                owner.getUsername(), clientConnection.getRemoteHost(), AUTH_METHOD, false, null, null,
                UserSessionModel.SessionPersistenceState.TRANSIENT);
        AuthenticationManager.setClientScopesInSession(session, authSession);
        ClientSessionContext keycloakCtx = TokenManager.attachAuthenticationSession(session, userSession, authSession);
        ClientSessionContext ctx = new KeyScopedClientSessionContext(keycloakCtx, roles(verdict.roles()), scope);
        updateUserSessionFromClientAuth(userSession);

        TokenManager.AccessTokenResponseBuilder builder = createTokenResponseBuilder(owner, userSession, ctx, null, null);
        AccessToken token = builder.getAccessToken();
        // The client's access token lifespan, never past the key's own expiry.
        long keyExpiry = verdict.key().expiresAt().getEpochSecond();
        if (token.getExp() == null || token.getExp() > keyExpiry) {
            token.exp(keyExpiry);
        }
        token.setOtherClaims(CLAIM, verdict.key().id());
        token.setAcr("1");
        return createTokenResponse(builder, ctx, false);
    }

    /**
     * The token's scope: the key's effective client scopes that are the client's (default or optional), narrowed
     * to those the request asked for when it asked; never offline_access (no refresh token, ever).
     */
    private String tokenScope(Set<String> keyScopes, List<String> asked) {
        Set<String> clientScopes = Stream.concat(client.getClientScopes(true).values().stream(),
                client.getClientScopes(false).values().stream()).map(ClientScopeModel::getName).collect(Collectors.toSet());
        return keyScopes.stream()
                .filter(clientScopes::contains)
                .filter(s -> asked.isEmpty() || asked.contains(s))
                .filter(s -> !OAuth2Constants.OFFLINE_ACCESS.equals(s))
                .collect(Collectors.joining(" "));
    }

    /** The key's effective roles with their composites: what the token may carry of the client's usual roles. */
    private Set<RoleModel> roles(Set<String> qualifiers) {
        Set<RoleModel> direct = qualifiers.stream().map(q -> KeycloakModelUtils.getRoleFromString(session, realm, q))
                .filter(Objects::nonNull).collect(Collectors.toCollection(LinkedHashSet::new));
        return RoleUtils.expandCompositeRoles(direct);
    }

    /** The Keycloak event's details of the use, success or refusal (with its reason): never the key. */
    private void describe(ApiKeys.Verdict verdict) {
        if (verdict.key() != null) {
            event.detail(KEY_DETAIL, verdict.key().id());
        }
        if (verdict.owner() != null) {
            event.user(verdict.owner());
            event.detail(Details.USERNAME, verdict.owner().getUsername());
        }
        if (!verdict.ok()) {
            event.detail(REASON_DETAIL, verdict.refusal().code());
        }
        verdict.context().forEach((h, v) -> event.detail(CTX_DETAIL + h.toLowerCase(Locale.ROOT), v));
    }

    /**
     * A refusal at the token endpoint: the refusal's status, an OAuth error and the refusal's code as its
     * description, Retry-After with a 429; a CLIENT_LOGIN_ERROR event whose error is the code.
     */
    private Response refuse(ApiKeys.Verdict verdict) {
        Refusal r = verdict.refusal();
        event.error(r.code());
        Response.ResponseBuilder b = Response.status(r.status())
                .entity(new OAuth2ErrorRepresentation(oauthError(r), r.code()))
                .type(MediaType.APPLICATION_JSON_TYPE);
        if (verdict.retryAfter() > 0) {
            b.header(HttpHeaders.RETRY_AFTER, verdict.retryAfter());
        }
        return cors.add(b);
    }

    static String oauthError(Refusal r) {
        return switch (r) {
            case CLIENT_NOT_ALLOWED -> OAuthErrorException.UNAUTHORIZED_CLIENT;
            case OUT_OF_SCOPE -> OAuthErrorException.INVALID_SCOPE;
            case IP_REFUSED, CONTEXT_MISSING -> OAuthErrorException.ACCESS_DENIED;
            case RATE_LIMITED, IP_THROTTLED, UNAVAILABLE -> OAuthErrorException.TEMPORARILY_UNAVAILABLE;
            default -> OAuthErrorException.INVALID_GRANT;
        };
    }
}
