package dev.gatehouse.authenticators.apikey.keycloak;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import dev.gatehouse.authenticators.apikey.ApiKeyRecord;
import dev.gatehouse.authenticators.apikey.keycloak.rest.ApiKeyCreateRepresentation;
import dev.gatehouse.authenticators.apikey.keycloak.rest.ApiKeyRepresentation;

/**
 * {@code /admin/realms/{realm}/gatehouse-api-keys}: every key of the realm. Reading needs view-users (on the owner,
 * with fine-grained permissions), changes manage-users; making a key also the permissions of what it lends
 * ({@link #requireMayLend}). Each change is also a Keycloak admin event of resource type {@value #RESOURCE_TYPE}
 * whose representation is the key's (never the key).
 */
public class ApiKeyAdminResource {

    public static final String RESOURCE_TYPE = "GATEHOUSE_API_KEY";
    static final int MAX_PAGE = 1000;

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    public ApiKeyAdminResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
            AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent;
    }

    /** Keys of the realm, or of one owner (a user id or username), newest first. */
    @GET
    @Path("keys")
    @Produces(MediaType.APPLICATION_JSON)
    public Response list(@QueryParam("owner") String owner, @QueryParam("first") @DefaultValue("0") int first,
            @QueryParam("max") @DefaultValue("100") int max) {
        if (first < 0 || max < 1 || max > MAX_PAGE) {
            auth.users().requireView();
            return ManagedKeys.refusal(400, "invalid_request", first < 0 ? "first" : "max",
                    "first must be >= 0 and max between 1 and " + MAX_PAGE);
        }
        UserModel only = null;
        if (owner != null && !owner.isBlank()) {
            only = user(owner.strip());
            if (only == null) {
                auth.users().requireView();
                return ManagedKeys.noStore(Response.ok(List.of()));
            }
            auth.users().requireView(only);
        } else {
            auth.users().requireView();
        }
        Map<String, Optional<UserModel>> owners = new HashMap<>();
        if (only != null) {
            owners.put(only.getId(), Optional.of(only));
        }
        List<ApiKeyRepresentation> out = ApiKeys.of(session).list(realm, only == null ? null : only.getId(), first, max)
                .stream().map(k -> ManagedKeys.representation(realm, owners.computeIfAbsent(k.ownerId(),
                        id -> Optional.ofNullable(session.users().getUserById(realm, id))).orElse(null), k))
                .toList();
        return ManagedKeys.noStore(Response.ok(out));
    }

    /** Issues a key to a user or, by its user id, a client's service account. */
    @POST
    @Path("users/{userId}/keys")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response create(@PathParam("userId") String userId, ApiKeyCreateRepresentation request) {
        UserModel owner = ManagedKeys.validId(userId) ? session.users().getUserById(realm, userId) : null;
        if (owner == null) {
            auth.users().requireManage();
            return ManagedKeys.refusal(404, "not_found", null, "no such user");
        }
        auth.users().requireManage(owner);
        requireMayLend(owner, request == null ? null : request.roles);
        Response r = ManagedKeys.issue(session, realm, owner, request, auth.adminAuth().getUser(), this::location);
        if (r.getStatus() == 201) {
            String created = ((ApiKeyRepresentation) r.getEntity()).id;
            event(OperationType.CREATE, owner, created, "gatehouse-api-keys", "keys", created);
        }
        return r;
    }

    /** A new key replacing this one; the old one keeps working for the realm's rotation overlap. */
    @POST
    @Path("keys/{id}/rotate")
    @Produces(MediaType.APPLICATION_JSON)
    public Response rotate(@PathParam("id") String id) {
        return onKey(id, true, (owner, key) -> {
            requireMayLend(owner, key.roles());
            Response r = ManagedKeys.rotate(session, realm, key, auth.adminAuth().getUser(), this::location);
            if (r.getStatus() == 201) {
                event(OperationType.ACTION, owner, ((ApiKeyRepresentation) r.getEntity()).id, "gatehouse-api-keys", "keys", id, "rotate");
            }
            return r;
        });
    }

    /** Revokes at once: the row records who and when, and the key's credential is removed. */
    @DELETE
    @Path("keys/{id}")
    public Response revoke(@PathParam("id") String id) {
        return onKey(id, true, (owner, key) -> {
            Response r = ManagedKeys.revoke(session, realm, key, auth.adminAuth().getUser());
            if (r.getStatus() == 204) {
                event(OperationType.DELETE, owner, id, "gatehouse-api-keys", "keys", id);
            }
            return r;
        });
    }

    @GET
    @Path("keys/{id}/usage")
    @Produces(MediaType.APPLICATION_JSON)
    public Response usage(@PathParam("id") String id) {
        return onKey(id, false, (owner, key) -> ManagedKeys.usage(session, key));
    }

    /**
     * Runs {@code action} on key {@code id} once the admin may view (or manage) its owner. An unknown key is 404 to
     * an admin who may view (or manage) users at all, else 403 like any other refusal of theirs.
     */
    private Response onKey(String id, boolean manage, BiFunction<UserModel, ApiKeyRecord, Response> action) {
        ApiKeyRecord key = ManagedKeys.validId(id) ? ApiKeys.of(session).get(realm, id) : null;
        UserModel owner = key == null ? null : session.users().getUserById(realm, key.ownerId());
        if (owner == null) {
            if (manage) {
                auth.users().requireManage();
            } else {
                auth.users().requireView();
            }
            return ManagedKeys.notFound();
        }
        if (manage) {
            auth.users().requireManage(owner);
        } else {
            auth.users().requireView(owner);
        }
        return action.apply(owner, key);
    }

    /**
     * A key acts as its owner with its roles, so issuing one lends them: like Keycloak's role mapping, each role
     * needs the admin's map-role permission (an admin role only for an admin who holds it); a service account's
     * key acts as its client, so it also needs manage permission on that client (as its secret would). 403 else.
     */
    private void requireMayLend(UserModel owner, List<String> roles) {
        for (String qualifier : roles == null ? List.<String>of() : roles) {
            RoleModel role = qualifier == null || qualifier.isBlank() ? null
                    : KeycloakModelUtils.getRoleFromString(session, realm, qualifier.strip());
            if (role != null) {
                auth.roles().requireMapRole(role);
            }
        }
        String link = owner.getServiceAccountClientLink();
        ClientModel client = link == null ? null : realm.getClientById(link);
        if (client != null) {
            auth.clients().requireManage(client);
        }
    }

    private UserModel user(String idOrUsername) {
        UserModel byId = ManagedKeys.validId(idOrUsername) ? session.users().getUserById(realm, idOrUsername) : null;
        return byId != null ? byId : session.users().getUserByUsername(realm, idOrUsername);
    }

    private URI location(String id) {
        return session.getContext().getUri().getBaseUriBuilder().path("admin").path("realms").path(realm.getName())
                .path(ApiKeyAdminResourceFactory.PROVIDER_ID).path("keys").path(id).build();
    }

    /** The admin event of a change; its representation is the key as listed now (never the key itself). */
    private void event(OperationType operation, UserModel owner, String keyId, String... path) {
        ApiKeyRecord key = ApiKeys.of(session).get(realm, keyId);
        adminEvent.operation(operation).resource(RESOURCE_TYPE).resourcePath(path)
                .representation(key == null ? null : ManagedKeys.representation(realm, owner, key)).success();
    }
}
