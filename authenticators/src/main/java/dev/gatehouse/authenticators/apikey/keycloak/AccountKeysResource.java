package dev.gatehouse.authenticators.apikey.keycloak;

import java.net.URI;
import java.util.List;
import java.util.function.BiFunction;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
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
import dev.gatehouse.authenticators.apikey.keycloak.rest.ApiKeyRepresentations;

/**
 * {@code /realms/{realm}/gatehouse-api-keys/keys}: a user's own keys, for scripts. Bearer token of the user, with
 * the account client's {@code manage-account} role and audience, as Keycloak's account REST API asks. Refused
 * (403): service accounts (their keys are issued by admins), and tokens obtained with an API key, so a key can't
 * mint keys (a new key is bounded by the owner's roles, not by the presenting key's). Another user's key answers
 * 404, like one that doesn't exist.
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
        Caller caller = caller();
        if (caller.refusal() != null) {
            return caller.refusal();
        }
        UserModel user = caller.user();
        RealmModel realm = realm();
        ApiKeys keys = ApiKeys.of(session);
        List<ApiKeyRepresentation> out = keys.list(realm, user.getId(), 0, ApiKeySettings.MAX_KEYS * 10).stream()
                .map(k -> ManagedKeys.representation(realm, user, k)).toList();
        return ManagedKeys.noStore(Response.ok(out));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response create(ApiKeyCreateRepresentation request) {
        Caller caller = caller();
        if (caller.refusal() != null) {
            return caller.refusal();
        }
        UserModel user = caller.user();
        RealmModel realm = realm();
        ApiKeys keys = ApiKeys.of(session);
        if (!keys.settings(realm).userKeys()) {
            return ManagedKeys.refusal(403, "user_keys_off", null, "users can't create their own keys in this realm");
        }
        return ManagedKeys.issue(session, realm, user, request, user, this::location);
    }

    @POST
    @Path("{id}/rotate")
    @Produces(MediaType.APPLICATION_JSON)
    public Response rotate(@PathParam("id") String id) {
        return onOwnKey(id, (user, key) -> ManagedKeys.rotate(session, realm(), key, user, this::location));
    }

    @DELETE
    @Path("{id}")
    public Response revoke(@PathParam("id") String id) {
        return onOwnKey(id, (user, key) -> ManagedKeys.revoke(session, realm(), key, user));
    }

    @GET
    @Path("{id}/usage")
    @Produces(MediaType.APPLICATION_JSON)
    public Response usage(@PathParam("id") String id) {
        return onOwnKey(id, (user, key) -> ManagedKeys.usage(session, key));
    }

    /** Runs {@code action} on the caller's key {@code id}; another user's key is as unknown as a made-up id (404). */
    private Response onOwnKey(String id, BiFunction<UserModel, ApiKeyRecord, Response> action) {
        Caller caller = caller();
        if (caller.refusal() != null) {
            return caller.refusal();
        }
        ApiKeyRecord key = ManagedKeys.validId(id) ? ApiKeys.of(session).ownedBy(realm(), id, caller.user().getId()) : null;
        return key == null ? ManagedKeys.notFound() : action.apply(caller.user(), key);
    }

    private URI location(String id) {
        return session.getContext().getUri().getBaseUriBuilder().path("realms").path(realm().getName())
                .path(ApiKeyResourceFactory.PROVIDER_ID).path("keys").path(id).build();
    }

    private RealmModel realm() {
        return session.getContext().getRealm();
    }

    /** The token's user, or the refusal to answer (never thrown: Keycloak would replace its body). */
    private record Caller(UserModel user, Response refusal) {
    }

    private Caller caller() {
        AuthenticationManager.AuthResult auth = new AppAuthManager.BearerTokenAuthenticator(session).authenticate();
        if (auth == null) {
            return new Caller(null, ManagedKeys.refusal(401, "not_authorized", null, "a bearer token of the user is needed"));
        }
        AccessToken token = auth.token();
        UserModel user = auth.user();
        if (user.getServiceAccountClientLink() != null) {
            return new Caller(null, ManagedKeys.refusal(403, "service_account", null, "service accounts get keys from an admin"));
        }
        if (token.getOtherClaims().containsKey(KEY_CLAIM)) {
            return new Caller(null, ManagedKeys.refusal(403, "api_key_token", null, "a token obtained with an API key can't manage keys"));
        }
        AccessToken.Access account = token.getResourceAccess(Constants.ACCOUNT_MANAGEMENT_CLIENT_ID);
        if (!token.hasAudience(Constants.ACCOUNT_MANAGEMENT_CLIENT_ID) || account == null
                || !account.isUserInRole(AccountRoles.MANAGE_ACCOUNT)) {
            return new Caller(null, ManagedKeys.refusal(403, "forbidden", null, "the token needs the account client's manage-account role"));
        }
        return new Caller(user, null);
    }
}
