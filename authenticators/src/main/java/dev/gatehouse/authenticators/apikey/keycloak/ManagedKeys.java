package dev.gatehouse.authenticators.apikey.keycloak;

import java.net.URI;
import java.util.function.Function;
import java.util.regex.Pattern;

import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.models.ClientModel;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionConfigModel;
import org.keycloak.models.RequiredActionProviderModel;
import org.keycloak.models.UserModel;

import dev.gatehouse.authenticators.apikey.ApiKeyRecord;
import dev.gatehouse.authenticators.apikey.ApiKeySettings;
import dev.gatehouse.authenticators.apikey.keycloak.rest.ApiKeyCreateRepresentation;
import dev.gatehouse.authenticators.apikey.keycloak.rest.ApiKeyErrorRepresentation;
import dev.gatehouse.authenticators.apikey.keycloak.rest.ApiKeyRepresentation;
import dev.gatehouse.authenticators.apikey.keycloak.rest.ApiKeyRepresentations;
import dev.gatehouse.authenticators.apikey.keycloak.rest.CreatedApiKeyRepresentation;

/**
 * What the account REST and the admin REST share once each has decided who may do what: create, rotate, revoke,
 * usage, and their answers. {@link ApiKeys} does the work; this class only translates to HTTP.
 */
final class ManagedKeys {

    /** Days of usage the usage call returns. */
    static final int USAGE_DAYS = 90;

    /** Key ids are Keycloak ids; anything else is answered 404 without a lookup. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9-]{1,36}");

    private ManagedKeys() {
    }

    /**
     * Self-service keys (account console and account REST): on only where the realm registered and enabled the
     * required action {@code gatehouse-api-key} and its {@code userKeys} option is on. A realm nobody set up for
     * API keys (master included) gives its users no way to mint them.
     */
    static boolean selfService(RealmModel realm, ApiKeySettings settings) {
        RequiredActionProviderModel action = realm.getRequiredActionProviderByAlias(ApiKeySettingsLoader.ACTION_ID);
        return settings.userKeys() && action != null && action.isEnabled();
    }

    /**
     * What Keycloak's own endpoints refuse before anything else (a realm resource gets neither check from Keycloak):
     * a disabled realm (403 {@code realm_disabled}), and plain http where the realm requires SSL for this client
     * address (403 {@code https_required}). Null when the request may go on.
     */
    static Response realmGuard(KeycloakSession session, RealmModel realm) {
        if (!realm.isEnabled()) {
            return refusal(403, "realm_disabled", null, "the realm is disabled");
        }
        if (!"https".equalsIgnoreCase(session.getContext().getUri().getBaseUri().getScheme())
                && realm.getSslRequired().isRequired(session.getContext().getConnection())) {
            return refusal(403, "https_required", null, "HTTPS required");
        }
        return null;
    }

    /**
     * The required action's "Maximum Age of Authentication" ({@code max_auth_age}, seconds), else Keycloak's default
     * for application-initiated actions (300 s): how recent a sign-in must be to make a key.
     */
    static int maxAuthAge(RealmModel realm) {
        RequiredActionConfigModel config = realm.getRequiredActionConfigByAlias(ApiKeySettingsLoader.ACTION_ID);
        String value = config == null ? null : config.getConfigValue(Constants.MAX_AUTH_AGE_KEY);
        try {
            int age = value == null ? -1 : Integer.parseInt(value.strip());
            return age >= 0 ? age : Constants.KC_ACTION_MAX_AGE;
        } catch (NumberFormatException e) {
            return Constants.KC_ACTION_MAX_AGE;
        }
    }

    /** A value from a request, quoted for an answer when short and printable, else "(unprintable)". */
    static String quote(String s) {
        boolean ok = s != null && !s.isEmpty() && s.length() <= 64 && s.chars().allMatch(c -> c >= 0x20 && c <= 0x7e);
        return ok ? "'" + s + "'" : "(unprintable)";
    }

    static boolean validId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    static Response issue(KeycloakSession session, RealmModel realm, UserModel owner, ApiKeyCreateRepresentation request,
            UserModel actor, Function<String, URI> location) {
        if (request == null) {
            return refusal(400, "invalid_request", null, "a JSON body is needed");
        }
        try {
            ApiKeys.Issued issued = ApiKeys.of(session).issue(realm, owner, new ApiKeys.NewKey(request.name, request.roles,
                    request.clientScopes, request.expiryDays, request.allowedCidrs, request.requiredHeaders,
                    request.rateLimitPerMinute), actor);
            return created(realm, owner, issued, location);
        } catch (ApiKeyException e) {
            return refusal(e);
        }
    }

    static Response rotate(KeycloakSession session, RealmModel realm, ApiKeyRecord key, UserModel actor,
            Function<String, URI> location) {
        try {
            ApiKeys.Issued issued = ApiKeys.of(session).rotate(realm, key.id(), actor);
            UserModel owner = session.users().getUserById(realm, issued.record().ownerId());
            return created(realm, owner, issued, location);
        } catch (ApiKeyException e) {
            return refusal(e);
        }
    }

    static Response revoke(KeycloakSession session, RealmModel realm, ApiKeyRecord key, UserModel actor) {
        try {
            ApiKeys.of(session).revoke(realm, key.id(), actor);
            return Response.noContent().build();
        } catch (ApiKeyException e) {
            return refusal(e);
        }
    }

    static Response usage(KeycloakSession session, ApiKeyRecord key) {
        return noStore(Response.ok(ApiKeyRepresentations.usage(key, ApiKeys.of(session).usage(key.id(), USAGE_DAYS))));
    }

    /** The key as listed: its status counts a credential removed in a console as a revocation. */
    static ApiKeyRepresentation representation(RealmModel realm, UserModel owner, ApiKeyRecord key) {
        // A service account's key has no credential (Keycloak keeps credentials off service accounts).
        boolean credential = key.credentialId() == null
                || owner != null && owner.credentialManager().getStoredCredentialById(key.credentialId()) != null;
        return ApiKeyRepresentations.of(key, owner == null ? null : owner.getUsername(), clientId(realm, owner), credential,
                ApiKeys.now());
    }

    static Response notFound() {
        return refusal(404, "not_found", null, "no such key");
    }

    /**
     * A refusal as JSON. {@code field} names the refused part of the request when there is one. Built as a
     * response, never thrown: Keycloak's error handler would replace the body of a thrown one.
     */
    static Response refusal(int status, String error, String field, String description) {
        return noStore(Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiKeyErrorRepresentation(error, field, description)));
    }

    static Response noStore(Response.ResponseBuilder builder) {
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        noStore.setNoCache(true);
        return builder.cacheControl(noStore).build();
    }

    private static Response created(RealmModel realm, UserModel owner, ApiKeys.Issued issued, Function<String, URI> location) {
        CreatedApiKeyRepresentation out = ApiKeyRepresentations.created(issued.key(), issued.record(),
                owner == null ? null : owner.getUsername(), clientId(realm, owner), ApiKeys.now());
        return noStore(Response.created(location.apply(issued.record().id())).type(MediaType.APPLICATION_JSON_TYPE).entity(out));
    }

    /** ApiKeys' messages start with the field they refuse ("name: …", "role not held …: 'x'"). */
    private static Response refusal(ApiKeyException e) {
        String message = e.getMessage();
        return switch (e.status()) {
            case 404 -> notFound();
            case 409 -> refusal(409, "conflict", null, message);
            case 503 -> refusal(503, "unavailable", null, message);
            case 403 -> refusal(403, "forbidden", null, message);
            default -> {
                if (message.startsWith("role ")) {
                    yield refusal(400, "not_held", "roles", message);
                }
                if (message.startsWith("client scope ")) {
                    yield refusal(400, "not_held", "clientScopes", message);
                }
                int colon = message.indexOf(':');
                yield refusal(400, "invalid_request", colon > 0 ? message.substring(0, colon) : null, message);
            }
        };
    }

    private static String clientId(RealmModel realm, UserModel owner) {
        String link = owner == null ? null : owner.getServiceAccountClientLink();
        ClientModel client = link == null ? null : realm.getClientById(link);
        return client == null ? null : client.getClientId();
    }
}
