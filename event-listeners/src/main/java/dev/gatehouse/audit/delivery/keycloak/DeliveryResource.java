package dev.gatehouse.audit.delivery.keycloak;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.UUID;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.RealmModel;
import org.keycloak.models.jpa.entities.ComponentEntity;
import org.keycloak.models.utils.ModelToRepresentation;
import org.keycloak.services.ErrorResponse;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import dev.gatehouse.audit.alert.Alert;
import dev.gatehouse.audit.alert.Severity;
import dev.gatehouse.audit.delivery.Destination;
import dev.gatehouse.audit.delivery.DestinationOption;
import dev.gatehouse.audit.delivery.keycloak.DeliveryRepresentations.DestinationStatus;
import dev.gatehouse.audit.delivery.keycloak.DeliveryRepresentations.DestinationUpdate;
import dev.gatehouse.audit.delivery.keycloak.DeliveryRepresentations.OptionInfo;
import dev.gatehouse.audit.delivery.keycloak.DeliveryRepresentations.Refusal;
import dev.gatehouse.audit.delivery.keycloak.DeliveryRepresentations.OutboxRowStatus;
import dev.gatehouse.audit.delivery.keycloak.DeliveryRepresentations.TestRequest;
import dev.gatehouse.audit.delivery.keycloak.DeliveryRepresentations.TestResult;
import dev.gatehouse.audit.listener.AuditEventListenerProviderFactory;

/**
 * /admin/realms/{realm}/gatehouse-audit/delivery/…: destinations with their health, re-enabling one, a test alert,
 * and the outbox; destinations themselves (components, also in realm JSON and Keycloak's components API) with
 * their option metadata for the Gatehouse audit page's form. Reads need view-events, changes manage-events.
 */
public class DeliveryResource {

    static final String TEST_RULE = "gatehouse-test";
    /** What a set secret reads as, here and in Keycloak's components API; sent back, it keeps the stored secret. */
    public static final String MASK = "**********";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9-]{1,36}");
    static final int MAX_PAGE = 500;

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;

    public DeliveryResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
    }

    @GET
    @Path("destinations")
    @Produces(MediaType.APPLICATION_JSON)
    public List<DestinationStatus> destinations() {
        auth.realm().requireViewEvents();
        OutboxStore store = new OutboxStore(session);
        Map<String, Long> pending = store.pendingPerDestination(realm.getId());
        Map<String, DestinationStateEntity> states = store.states(realm.getId());
        return Destinations.of(realm).stream().map(e -> {
            ComponentModel c = e.component();
            Destination d = e.destination();
            DestinationStateEntity s = states.get(c.getId());
            String type = d == null ? c.get(DestinationOption.TYPE.key()) : d.type().name().toLowerCase(Locale.ROOT);
            return new DestinationStatus(c.getId(), c.getName(), type, d == null ? null : target(d),
                    d == null ? null : d.minSeverity().name(), AlertDestinationFactory.enabled(c),
                    s == null ? 0 : s.getFailures(), d == null ? 0 : d.maxFailures(), pending.getOrDefault(c.getId(), 0L),
                    s == null ? null : s.getLastError(), s == null ? null : s.getLastAttempt(), e.problem(), masked(c));
        }).toList();
    }

    /** The stored config, one value per key, secrets as {@link #MASK}. */
    private static Map<String, String> masked(ComponentModel c) {
        Map<String, String> out = new TreeMap<>(Destinations.config(c));
        for (DestinationOption o : DestinationOption.values()) {
            if (o.kind() == DestinationOption.Kind.PASSWORD && out.containsKey(o.key())) {
                out.put(o.key(), MASK);
            }
        }
        return out;
    }

    /** The options a destination form shows, with their metadata (declared in {@link DestinationOption}). */
    @GET
    @Path("destinations/options")
    @Produces(MediaType.APPLICATION_JSON)
    public List<OptionInfo> options() {
        auth.realm().requireViewEvents();
        return Arrays.stream(DestinationOption.values())
                .map(o -> new OptionInfo(o.key(), o.label(), o.kind().id(), o.help(), o.defaultValue(), o.choices())).toList();
    }

    /**
     * Creates or replaces a destination (a component of {@link AlertDestinationFactory} under the realm). A secret sent
     * back as {@link #MASK} keeps the stored one. 400 with the refused field, as Keycloak's components API would.
     */
    @PUT
    @Path("destinations/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response put(@PathParam("id") String id, DestinationUpdate update) {
        auth.realm().requireManageEvents();
        if (!ID.matcher(id).matches()) {
            return refuse("id: letters, digits and '-', at most 36");
        }
        if (update == null || update.name() == null || update.name().isBlank() || update.name().length() > 255) {
            return refuse("name: a destination needs a name (at most 255 characters)");
        }
        ComponentModel existing = realm.getComponent(id);
        if (existing != null && !(realm.getId().equals(existing.getParentId()) && AlertDestinationFactory.PROVIDER_ID.equals(existing.getProviderId()))) {
            return refuse("id: in use by another component");
        }
        // The realm hides other realms' components: an id taken there would only fail at commit (primary key).
        if (existing == null && session.getProvider(JpaConnectionProvider.class).getEntityManager().find(ComponentEntity.class, id) != null) {
            return refuse("id: in use by another component");
        }
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        Map<String, Object> given = update.config() == null ? Map.of() : update.config();
        // The kept secret must not follow the destination to a new receiver: whoever may edit could otherwise
        // have the stored secret sign alerts to a server of theirs (and read it off a delivery).
        boolean retargeted = existing != null && (changed(DestinationOption.URL, given, existing) || changed(DestinationOption.TYPE, given, existing));
        for (DestinationOption o : DestinationOption.values()) {
            Object v = given.get(o.key());
            String value = v instanceof List<?> list ? String.join(",", list.stream().map(String::valueOf).toList())
                    : v == null ? null : String.valueOf(v);
            if (o.kind() == DestinationOption.Kind.PASSWORD && MASK.equals(value)) {
                if (retargeted) {
                    return refuse(o.key() + ": enter it again when the URL changes");
                }
                value = existing == null ? null : existing.get(o.key());
            }
            if (value != null && !value.isBlank()) {
                config.putSingle(o.key(), value);
            }
        }
        // A copy: the realm cache's model is not ours to change before validation passes.
        ComponentModel c = existing != null ? new ComponentModel(existing) : new ComponentModel();
        c.setName(update.name());
        c.setConfig(config);
        try {
            if (existing == null) {
                c.setId(id);
                c.setParentId(realm.getId());
                c.setProviderType(AlertDestinationProvider.class.getName());
                c.setProviderId(AlertDestinationFactory.PROVIDER_ID);
                event(OperationType.CREATE, realm.addComponentModel(c));
                return Response.status(Response.Status.CREATED).build();
            }
            realm.updateComponent(c);
            event(OperationType.UPDATE, c);
            return Response.noContent().build();
        } catch (ComponentValidationException e) {
            return refuse(e.getParameters() != null && e.getParameters().length == 1 ? String.valueOf(e.getParameters()[0]) : e.getMessage());
        }
    }

    /** Removes a destination; its pending deliveries become dead ("destination removed"). */
    @DELETE
    @Path("destinations/{id}")
    public Response delete(@PathParam("id") String id) {
        auth.realm().requireManageEvents();
        Destinations.Entry e = Destinations.find(realm, id).orElseThrow(() -> ErrorResponse.error("no such destination", Response.Status.NOT_FOUND));
        realm.removeComponent(e.component());
        event(OperationType.DELETE, e.component());
        return Response.noContent().build();
    }

    /**
     * An admin event (Keycloak's admin events and the Gatehouse log) for each change, as the components API would
     * write; the representation goes through Keycloak's secret stripping, so a literal secret never appears.
     */
    private void event(OperationType op, ComponentModel c) {
        AdminEventBuilder e = adminEvent().resource(ResourceType.COMPONENT).operation(op).resourcePath("components", c.getId());
        if (op != OperationType.DELETE) {
            e.representation(ModelToRepresentation.toRepresentation(session, c, false));
        }
        e.success();
    }

    private AdminEventBuilder adminEvent() {
        return new AdminEventBuilder(realm, auth.adminAuth(), session, session.getContext().getConnection());
    }

    private static boolean changed(DestinationOption o, Map<String, Object> given, ComponentModel existing) {
        return !Objects.equals(effective(o, given.get(o.key()) == null ? null : String.valueOf(given.get(o.key()))), effective(o, existing.get(o.key())));
    }

    private static String effective(DestinationOption o, String value) {
        return value == null || value.isBlank() ? o.defaultValue() : value.strip();
    }

    private static Response refuse(String message) {
        return Response.status(Response.Status.BAD_REQUEST).entity(new Refusal(message)).type(MediaType.APPLICATION_JSON).build();
    }

    /** Addresses, or the URL without its query (which might carry a token). */
    private static String target(Destination d) {
        if (d.type() == Destination.Type.EMAIL) {
            return String.join(", ", d.emails());
        }
        URI u = d.url();
        return u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort()) + (u.getRawPath() == null ? "" : u.getRawPath());
    }

    /** Turns a destination on again: failures start over from 0 and its queued alerts are due at once. */
    @POST
    @Path("destinations/{id}/enable")
    public Response enable(@PathParam("id") String id) {
        auth.realm().requireManageEvents();
        Destinations.Entry e = Destinations.find(realm, id).orElseThrow(() -> ErrorResponse.error("no such destination", Response.Status.NOT_FOUND));
        if (e.destination() == null) {
            throw ErrorResponse.error("the destination's configuration is refused: " + e.problem(), Response.Status.CONFLICT);
        }
        ComponentModel c = new ComponentModel(e.component());
        if (!AlertDestinationFactory.enabled(c)) {
            c.getConfig().putSingle(DestinationOption.ENABLED.key(), "true");
            realm.updateComponent(c);
            event(OperationType.UPDATE, c);
        }
        return Response.noContent().build();
    }

    /**
     * Queues a synthetic INFO alert (rule gatehouse-test) to one destination or to every enabled one, whatever their
     * severity and rule filters, so admins can check a destination end to end.
     */
    @POST
    @Path("test")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response test(TestRequest request) {
        auth.realm().requireManageEvents();
        AuditEventListenerProviderFactory listener = Destinations.listenerFactory(session);
        if (listener != null && !listener.testLimiter().tryAcquire(realm.getId(), System.currentTimeMillis())) {
            throw ErrorResponse.error("too many test alerts; try again in a minute", Response.Status.TOO_MANY_REQUESTS);
        }
        String only = request == null ? null : request.destination();
        if (only != null) {
            Destinations.Entry e = Destinations.find(realm, only).orElseThrow(() -> ErrorResponse.error("no such destination", Response.Status.NOT_FOUND));
            if (e.destination() == null || !e.destination().enabled()) {
                throw ErrorResponse.error("the destination is disabled or its configuration is refused", Response.Status.CONFLICT);
            }
        }
        long now = System.currentTimeMillis();
        String user = auth.adminAuth().getUser().getUsername();
        Alert alert = new Alert(UUID.randomUUID().toString(), realm.getName(), TEST_RULE, "Test alert", Severity.INFO, "none", null,
                1, 0, now, now, null, "Test alert queued by " + user + " from the Gatehouse delivery API");
        List<Outbox.Delivery> deliveries = Outbox.enqueue(session, realm, alert, d -> d.enabled() && (only == null || only.equals(d.id())));
        adminEvent().operation(OperationType.ACTION).resource(ResourceType.COMPONENT)
                .resourcePath(only == null ? new String[] {"gatehouse-audit", "delivery", "test"} : new String[] {"components", only, "test"}).success();
        return Response.accepted(new TestResult(alert.id(), deliveries)).type(MediaType.APPLICATION_JSON).build();
    }

    /** Outbox rows, newest first; state pending|delivered|dead, destination an id. */
    @GET
    @Path("outbox")
    @Produces(MediaType.APPLICATION_JSON)
    public List<OutboxRowStatus> outbox(@QueryParam("state") String state, @QueryParam("destination") String destination,
                                        @QueryParam("first") @DefaultValue("0") int first, @QueryParam("max") @DefaultValue("100") int max) {
        auth.realm().requireViewEvents();
        if (first < 0 || max < 1 || max > MAX_PAGE) {
            throw ErrorResponse.error("first must be >= 0 and max between 1 and " + MAX_PAGE, Response.Status.BAD_REQUEST);
        }
        if (state != null && !state.isEmpty() && !List.of(OutboxEntity.PENDING, OutboxEntity.DELIVERED, OutboxEntity.DEAD).contains(state)) {
            throw ErrorResponse.error("state must be pending, delivered or dead", Response.Status.BAD_REQUEST);
        }
        return new OutboxStore(session).rows(realm.getId(), state == null || state.isEmpty() ? null : state,
                        destination == null || destination.isEmpty() ? null : destination, first, max).stream()
                .map(o -> new OutboxRowStatus(o.getId(), o.getDestinationId(), o.getAlertId(), o.getState(), o.getAttempts(),
                        o.getCreated(), o.getNextAttempt(), o.getLastAttempt(), o.getDelivered(), o.getLastError()))
                .toList();
    }
}
