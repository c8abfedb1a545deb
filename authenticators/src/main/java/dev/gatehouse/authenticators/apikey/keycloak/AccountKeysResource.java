package dev.gatehouse.authenticators.apikey.keycloak;

import java.net.URI;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.common.util.Time;
import org.keycloak.models.AccountRoles;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager;

import dev.gatehouse.authenticators.apikey.ApiKeyRecord;
import dev.gatehouse.authenticators.apikey.ApiKeySettings;
import dev.gatehouse.authenticators.apikey.keycloak.rest.ApiKeyCreateRepresentation;
import dev.gatehouse.authenticators.apikey.keycloak.rest.ApiKeyRepresentation;

/**
 * {@code /realms/{realm}/gatehouse-api-keys/keys}: a user's own keys, for scripts. Bearer token of the user, with
 * the account client's {@code manage-account} role and audience, as Keycloak's account REST API asks.
 *
 * <p>Refused: a disabled realm and plain http where the realm requires SSL (as Keycloak's own endpoints); creating
 * or rotating while self-service is off ({@link ManagedKeys#selfService}), or with a token whose sign-in is older
 * than the required action's maximum age of authentication (as the account console's page asks); service accounts
 * (their keys come from admins); tokens obtained with an API key, so a key can't mint keys. A new or rotated key never carries a role or
 * client scope the presenting token doesn't carry: a token of a narrow client (or stolen from one) mints no key
 * wider than itself. Another user's key answers 404, like one that doesn't exist.
 */
public class AccountKeysResource {

    /** The claim the API key grant puts in its tokens (the key id). */
    static final String KEY_CLAIM = "gatehouse_api_key";

    private final KeycloakSession session;

    public AccountKeysResource(KeycloakSession session) {
        this.session = session;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response list() {
        Caller caller = caller(false);
        if (caller.refusal() != null) {
            return caller.refusal();
        }
        UserModel user = caller.user();
        RealmModel realm = realm();
        List<ApiKeyRepresentation> out = ApiKeys.of(session).list(realm, user.getId(), 0, ApiKeySettings.MAX_KEYS * 10)
                .stream().map(k -> ManagedKeys.representation(realm, user, k)).toList();
        return ManagedKeys.noStore(Response.ok(out));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response create(ApiKeyCreateRepresentation request) {
        Caller caller = caller(true);
        if (caller.refusal() != null) {
            return caller.refusal();
        }
        // The owner bound first (400 not_held, naming it, from ApiKeys), then the token's (403 beyond_token).
        if (request != null && holds(caller.user(), request.roles, request.clientScopes)) {
            Response beyond = beyondToken(caller.token(), request.roles, request.clientScopes);
            if (beyond != null) {
                return beyond;
            }
        }
        return ManagedKeys.issue(session, realm(), caller.user(), request, caller.user(), this::location);
    }

    @POST
    @Path("{id}/rotate")
    @Produces(MediaType.APPLICATION_JSON)
    public Response rotate(@PathParam("id") String id) {
        return onOwnKey(id, true, (caller, key) -> {
            Response beyond = beyondToken(caller.token(), key.roles(), key.clientScopes());
            return beyond != null ? beyond : ManagedKeys.rotate(session, realm(), key, caller.user(), this::location);
        });
    }

    @DELETE
    @Path("{id}")
    public Response revoke(@PathParam("id") String id) {
        return onOwnKey(id, false, (caller, key) -> ManagedKeys.revoke(session, realm(), key, caller.user()));
    }

    @GET
    @Path("{id}/usage")
    @Produces(MediaType.APPLICATION_JSON)
    public Response usage(@PathParam("id") String id) {
        return onOwnKey(id, false, (caller, key) -> ManagedKeys.usage(session, key));
    }

    /** Runs {@code action} on the caller's key {@code id}; another user's key is as unknown as a made-up id (404). */
    private Response onOwnKey(String id, boolean minting, BiFunction<Caller, ApiKeyRecord, Response> action) {
        Caller caller = caller(minting);
        if (caller.refusal() != null) {
            return caller.refusal();
        }
        ApiKeyRecord key = ManagedKeys.validId(id) ? ApiKeys.of(session).ownedBy(realm(), id, caller.user().getId()) : null;
        return key == null ? ManagedKeys.notFound() : action.apply(caller, key);
    }

    /** Whether the owner holds every role and client scope asked for (else ApiKeys refuses, naming one). */
    private boolean holds(UserModel owner, List<String> roles, List<String> scopes) {
        ApiKeys keys = ApiKeys.of(session);
        return (roles == null || keys.grantableRoles(realm(), owner).containsAll(roles.stream().map(r -> r == null ? "" : r.strip()).toList()))
                && (scopes == null || keys.grantableScopes(realm(), owner).containsAll(scopes.stream().map(c -> c == null ? "" : c.strip()).toList()));
    }

    /**
     * 403 {@code beyond_token} naming the first role or client scope the presenting token doesn't carry (roles as
     * Keycloak put them in the token, composites expanded; scopes as its {@code scope} claim lists them), else null.
     */
    static Response beyondToken(AccessToken token, Collection<String> roles, Collection<String> scopes) {
        for (String role : roles == null ? List.<String>of() : roles) {
            if (!carries(token, role)) {
                return ManagedKeys.refusal(403, "beyond_token", "roles",
                        "role not carried by the presenting token: " + ManagedKeys.quote(role));
            }
        }
        Set<String> tokenScopes = token.getScope() == null ? Set.of()
                : Arrays.stream(token.getScope().split(" ")).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
        for (String scope : scopes == null ? List.<String>of() : scopes) {
            if (scope == null || !tokenScopes.contains(scope.strip())) {
                return ManagedKeys.refusal(403, "beyond_token", "clientScopes",
                        "client scope not carried by the presenting token: " + ManagedKeys.quote(scope));
            }
        }
        return null;
    }

    /** Whether the token carries the role qualifier ({@code role} or {@code clientId.role}). */
    static boolean carries(AccessToken token, String qualifier) {
        if (qualifier == null) {
            return false;
        }
        String q = qualifier.strip();
        AccessToken.Access realmAccess = token.getRealmAccess();
        if (realmAccess != null && realmAccess.isUserInRole(q)) {
            return true;
        }
        Map<String, AccessToken.Access> clients = token.getResourceAccess();
        if (clients != null) {
            for (Map.Entry<String, AccessToken.Access> c : clients.entrySet()) {
                String prefix = c.getKey() + ".";
                if (q.startsWith(prefix) && c.getValue() != null && c.getValue().isUserInRole(q.substring(prefix.length()))) {
                    return true;
                }
            }
        }
        return false;
    }

    private URI location(String id) {
        return session.getContext().getUri().getBaseUriBuilder().path("realms").path(realm().getName())
                .path(ApiKeyResourceFactory.PROVIDER_ID).path("keys").path(id).build();
    }

    private RealmModel realm() {
        return session.getContext().getRealm();
    }

    /** The token's user and token, or the refusal to answer (never thrown: Keycloak would replace its body). */
    private record Caller(UserModel user, AccessToken token, Response refusal) {

        static Caller refused(Response refusal) {
            return new Caller(null, null, refusal);
        }
    }

    /** @param minting whether the call makes a key (create, rotate): refused while self-service is off */
    private Caller caller(boolean minting) {
        RealmModel realm = realm();
        Response guard = ManagedKeys.realmGuard(session, realm);
        if (guard != null) {
            return Caller.refused(guard);
        }
        if (minting && !ManagedKeys.selfService(realm, ApiKeys.of(session).settings(realm))) {
            return Caller.refused(ManagedKeys.refusal(403, "user_keys_off", null,
                    "users can't create their own keys in this realm"));
        }
        AuthenticationManager.AuthResult auth = new AppAuthManager.BearerTokenAuthenticator(session).authenticate();
        if (auth == null) {
            return Caller.refused(ManagedKeys.refusal(401, "not_authorized", null, "a bearer token of the user is needed"));
        }
        AccessToken token = auth.token();
        UserModel user = auth.user();
        if (user.getServiceAccountClientLink() != null) {
            return Caller.refused(ManagedKeys.refusal(403, "service_account", null, "service accounts get keys from an admin"));
        }
        if (token.getOtherClaims().containsKey(KEY_CLAIM)) {
            return Caller.refused(ManagedKeys.refusal(403, "api_key_token", null, "a token obtained with an API key can't manage keys"));
        }
        AccessToken.Access account = token.getResourceAccess(Constants.ACCOUNT_MANAGEMENT_CLIENT_ID);
        if (!token.hasAudience(Constants.ACCOUNT_MANAGEMENT_CLIENT_ID) || account == null
                || !account.isUserInRole(AccountRoles.MANAGE_ACCOUNT)) {
            return Caller.refused(ManagedKeys.refusal(403, "forbidden", null, "the token needs the account client's manage-account role"));
        }
        if (minting) {
            int maxAge = ManagedKeys.maxAuthAge(realm);
            Long authTime = token.getAuth_time();
            if (authTime == null || Time.currentTime() - authTime > maxAge) {
                // RFC 9470: the client signs the user in again (max_age) and retries with the fresh token
                return Caller.refused(Response.fromResponse(ManagedKeys.refusal(401, "insufficient_user_authentication", null,
                        "making a key needs a sign-in within the last " + maxAge + " seconds"))
                        .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"insufficient_user_authentication\", "
                                + "error_description=\"a more recent authentication is required\", max_age=" + maxAge)
                        .build());
            }
        }
        return new Caller(user, token, null);
    }
}
