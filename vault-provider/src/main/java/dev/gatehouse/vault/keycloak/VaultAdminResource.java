package dev.gatehouse.vault.keycloak;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.IdentityProviderQuery;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;
import org.keycloak.vault.VaultProvider;

import dev.gatehouse.vault.ReferenceInventory;
import dev.gatehouse.vault.SecretCache;
import dev.gatehouse.vault.SecretResolver;
import dev.gatehouse.vault.keycloak.rest.VaultErrorRepresentation;
import dev.gatehouse.vault.keycloak.rest.VaultFetchStatusRepresentation;
import dev.gatehouse.vault.keycloak.rest.VaultFlushRepresentation;
import dev.gatehouse.vault.keycloak.rest.VaultInventoryRepresentation;
import dev.gatehouse.vault.keycloak.rest.VaultReferenceRepresentation;

/**
 * {@code /admin/realms/{realm}/gatehouse-vault}: {@code POST flush} (manage-realm) drops a realm's cached secret,
 * or all of them, on every node; {@code GET inventory} (view-realm) lists the realm's {@code ${vault.…}} references
 * and this node's last fetch of each. Never a secret value. A flush is a Keycloak admin event of resource type
 * {@value #RESOURCE_TYPE} and an audit record {@code VAULT_FLUSH}.
 */
public class VaultAdminResource {

    public static final String RESOURCE_TYPE = "GATEHOUSE_VAULT";
    static final String NOT_FETCHED = "not fetched on this node";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    public VaultAdminResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent;
    }

    /** Drops {@code reference}'s secret (every version and field), or without it all of the realm's, on every node. */
    @POST
    @Path("flush")
    @Produces(MediaType.APPLICATION_JSON)
    public Response flush(@QueryParam("reference") String reference) {
        auth.realm().requireManageRealm();
        Optional<GatehouseVaultProviderFactory> vault = ours();
        if (vault.isEmpty()) {
            return notActive();
        }
        // Only an absent reference means the whole realm: an empty one (a script's unset variable) is refused. The
        // JAX-RS layer hands an empty parameter over as null, so its presence is read from the URI.
        String ref = reference == null && session.getContext().getUri().getQueryParameters().containsKey("reference") ? "" : reference;
        VaultClusterFlush.Outcome done;
        try {
            done = vault.get().clusterFlush().flush(session, realm.getName(), ref);
        } catch (IllegalArgumentException e) {
            // SecretRef's reasons name the rule broken, never the input, so nothing the caller sent is echoed.
            return error(400, "invalid_reference", "reference: " + e.getMessage());
        }
        VaultFlushRepresentation out = new VaultFlushRepresentation();
        out.realm = realm.getName();
        out.reference = ref;
        out.droppedOnThisNode = done.droppedHere();
        out.node = vault.get().clusterFlush().node();
        out.clusterNotified = done.clusterNotified();
        out.clusterError = done.clusterError();
        audit(out);
        // Flushed here either way; a cluster that wasn't told is the admin's to know, so not a 200.
        return noStore(Response.status(done.clusterNotified() ? 200 : 503).type(MediaType.APPLICATION_JSON_TYPE).entity(out));
    }

    /** Every {@code ${vault.…}} reference in the realm's settings, where it is used, and this node's last fetch. */
    @GET
    @Path("inventory")
    @Produces(MediaType.APPLICATION_JSON)
    public Response inventory() {
        auth.realm().requireViewRealm();
        Optional<GatehouseVaultProviderFactory> vault = ours();
        if (vault.isEmpty()) {
            return notActive();
        }
        SecretResolver resolver = vault.get().resolver();
        VaultInventoryRepresentation out = new VaultInventoryRepresentation();
        out.realm = realm.getName();
        out.node = vault.get().clusterFlush().node();
        out.references = new ArrayList<>();
        boolean details = auth.realm().canManageRealm();
        scan().references().forEach((id, locations) -> out.references.add(reference(resolver, id, List.copyOf(locations), details)));
        return noStore(Response.ok(out).type(MediaType.APPLICATION_JSON_TYPE));
    }

    /**
     * The realm's settings as stored (the model, not representations, which mask some values): only whole-value
     * vault expressions are kept, so no plain secret ever leaves. Each place is listed only to an admin who may view
     * it in the console: identity providers need view-identity-providers, clients the client's view permission;
     * SMTP, components (LDAP) and flows need view-realm, which the endpoint requires.
     */
    private ReferenceInventory scan() {
        ReferenceInventory found = new ReferenceInventory();
        found.addAll("smtp", realm.getSmtpConfig());
        if (auth.realm().canViewIdentityProviders()) {
            session.identityProviders().getAllStream(IdentityProviderQuery.any(), null, null)
                    .forEach(idp -> found.addAll("identity-provider:" + idp.getAlias(), idp.getConfig()));
        }
        realm.getComponentsStream().forEach(c -> {
            String prefix = "component:" + (c.getName() == null ? c.getId() : c.getName());
            c.getConfig().forEach((key, values) -> values.forEach(v -> found.add(prefix + ":" + key, v)));
        });
        realm.getClientsStream().filter(c -> auth.clients().canView(c)).forEach(c -> {
            found.add("client:" + c.getClientId() + ":secret", c.getSecret());
            found.addAll("client:" + c.getClientId(), c.getAttributes());
        });
        realm.getAuthenticatorConfigsStream().forEach(c -> found.addAll("authenticator-config:" + c.getAlias(), c.getConfig()));
        realm.getRequiredActionConfigsStream().forEach(c -> found.addAll("required-action:" + c.getAlias(), c.getConfig()));
        return found;
    }

    /** @param details whether to include the backend's failure text, which may name accounts and policies */
    private VaultReferenceRepresentation reference(SecretResolver resolver, String id, List<String> locations, boolean details) {
        VaultReferenceRepresentation r = new VaultReferenceRepresentation();
        r.reference = id;
        r.locations = locations;
        try {
            SecretResolver.Target target = resolver.target(realm.getName(), id);
            r.backend = target.backend();
            r.backendName = target.backendName();
            Optional<SecretCache.Status> status = resolver.status(realm.getName(), id);
            if (status.isPresent()) {
                SecretCache.Status s = status.get();
                VaultFetchStatusRepresentation f = new VaultFetchStatusRepresentation();
                f.fetchedAt = text(s.fetchedAt());
                f.outcome = s.outcome().name().toLowerCase(Locale.ROOT);
                f.detail = details ? s.detail() : null;
                f.expiresAt = text(s.expiresAt());
                f.rotatesAt = text(s.rotatesAt());
                r.status = f;
            } else {
                r.statusNote = NOT_FETCHED;
            }
        } catch (IllegalArgumentException e) {
            r.error = e.getMessage();
        }
        return r;
    }

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }

    /** Our factory, when the gatehouse vault is the active one ({@code --spi-vault--provider=gatehouse}). */
    private Optional<GatehouseVaultProviderFactory> ours() {
        return session.getKeycloakSessionFactory().getProviderFactory(VaultProvider.class, GatehouseVaultProviderFactory.PROVIDER_ID)
                instanceof GatehouseVaultProviderFactory f && f.resolver() != null ? Optional.of(f) : Optional.empty();
    }

    private void audit(VaultFlushRepresentation out) {
        UserModel by = auth.adminAuth().getUser();
        Map<String, String> details = new LinkedHashMap<>();
        details.put("realm", out.realm);
        details.put("reference", out.reference == null ? "*" : out.reference);
        details.put("adminUserId", by == null ? null : by.getId());
        details.put("adminUsername", by == null ? null : by.getUsername());
        details.put("dropped", String.valueOf(out.droppedOnThisNode));
        details.put("clusterNotified", String.valueOf(out.clusterNotified));
        session.getKeycloakSessionFactory().publish(new VaultFlushEvent(session, realm.getId(),
                out.clusterNotified ? null : "cluster_not_notified", details));
        adminEvent.operation(OperationType.ACTION).resource(RESOURCE_TYPE)
                .resourcePath(VaultAdminResourceFactory.PROVIDER_ID, "flush").representation(out).success();
    }

    private static Response notActive() {
        return error(409, "vault_not_active", "the gatehouse vault provider is not Keycloak's active vault "
                + "(kc.sh build --spi-vault--provider=gatehouse)");
    }

    private static Response error(int status, String code, String description) {
        return noStore(Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new VaultErrorRepresentation(code, description)));
    }

    private static Response noStore(Response.ResponseBuilder builder) {
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        noStore.setNoCache(true);
        return builder.cacheControl(noStore).build();
    }
}
