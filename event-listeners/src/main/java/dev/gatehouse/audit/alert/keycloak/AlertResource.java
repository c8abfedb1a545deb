package dev.gatehouse.audit.alert.keycloak;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.ErrorResponse;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import dev.gatehouse.audit.alert.Alert;
import dev.gatehouse.audit.alert.BuiltInRules;
import dev.gatehouse.audit.alert.RuleOption;

/**
 * /admin/realms/{realm}/gatehouse-audit/alerts/…: the effective rules (built-ins, overrides, custom), rule changes
 * (stored as gatehouse-alert-rules components, validated as the components API validates them) and fired alerts.
 */
public class AlertResource {

    static final int MAX_PAGE = 1000;

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;

    public AlertResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
    }

    /** The realm's effective rules: built-ins (or their overrides) first, then custom rules; invalid components are left out. */
    @GET
    @Path("rules")
    @Produces(MediaType.APPLICATION_JSON)
    public List<AlertRuleRepresentation> rules() {
        auth.realm().requireViewEvents();
        List<ComponentModel> components = AlertRuleProviderFactory.rules(realm).toList();
        Map<String, String> componentOfRule = new HashMap<>();
        components.forEach(c -> componentOfRule.put(AlertRuleProviderFactory.ruleId(AlertRuleProviderFactory.configured(c)), c.getId()));
        return BuiltInRules.effective(components.stream().map(AlertRuleProviderFactory::configured).toList(), (c, e) -> { })
                .stream().map(e -> AlertRuleRepresentation.of(e, e.source() == BuiltInRules.Source.BUILTIN ? null : componentOfRule.get(e.rule().id())))
                .toList();
    }

    /** The rule options' metadata, for the audit page's rules form: the same declarations as the component factory's. */
    @GET
    @Path("rules/options")
    @Produces(MediaType.APPLICATION_JSON)
    public List<OptionRepresentation> options() {
        auth.realm().requireViewEvents();
        return OptionRepresentation.of(new AlertRuleProviderFactory().getConfigProperties());
    }

    /** Creates or replaces the rule {id} (an override when {id} is a built-in's); 400 naming the option when invalid. */
    @PUT
    @Path("rules/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public AlertRuleRepresentation put(@PathParam("id") String id, AlertRuleRequest body) {
        auth.realm().requireManageEvents();
        Map<String, String> config = body == null ? Map.of() : body.options();
        String given = config.get(RuleOption.ID.key());
        if (given != null && !given.isBlank() && !given.strip().equals(id)) {
            throw badRequest(RuleOption.ID.key() + ": differs from the id in the path");
        }
        for (String key : config.keySet()) {
            if (java.util.Arrays.stream(RuleOption.values()).noneMatch(o -> o.key().equals(key))) {
                throw badRequest("config: unknown option; known: " + String.join(", ",
                        java.util.Arrays.stream(RuleOption.values()).map(RuleOption::key).toList()));
            }
        }
        Optional<ComponentModel> existing = component(id);
        ComponentModel model = existing.map(ComponentModel::new).orElseGet(ComponentModel::new);
        model.setProviderId(AlertRuleProviderFactory.PROVIDER_ID);
        model.setProviderType(AlertRuleProvider.class.getName());
        model.setParentId(realm.getId());
        String fallbackName = BuiltInRules.byId(id) != null ? BuiltInRules.byId(id).name() : id;
        model.setName(body == null || body.name == null || body.name.isBlank() ? fallbackName : body.name.strip());
        MultivaluedHashMap<String, String> stored = new MultivaluedHashMap<>();
        config.forEach((k, v) -> {
            if (v != null && !v.isBlank()) {
                stored.putSingle(k, v);
            }
        });
        stored.putSingle(RuleOption.ID.key(), id);
        model.setConfig(stored);
        try {
            if (existing.isPresent()) {
                realm.updateComponent(model);
            } else {
                model = realm.addComponentModel(model);
            }
        } catch (ComponentValidationException e) {
            throw badRequest(AlertRuleProviderFactory.message(e));
        }
        event(existing.isPresent() ? OperationType.UPDATE : OperationType.CREATE, model);
        String componentId = model.getId();
        return rules().stream().filter(r -> r.id.equals(id)).findFirst().map(r -> {
            r.componentId = componentId;
            return r;
        }).orElseThrow();
    }

    /** Removes the rule component {id}: a custom rule disappears, a built-in returns to its defaults. */
    @DELETE
    @Path("rules/{id}")
    public Response delete(@PathParam("id") String id) {
        auth.realm().requireManageEvents();
        ComponentModel c = component(id).orElseThrow(() -> ErrorResponse.error(BuiltInRules.byId(id) != null
                ? "a built-in rule has no component to delete; switch it off with enabled=false" : "no such rule", Response.Status.NOT_FOUND));
        realm.removeComponent(c);
        event(OperationType.DELETE, c);
        return Response.noContent().build();
    }

    /** Fired alerts, newest first. */
    @GET
    @Path("fired")
    @Produces(MediaType.APPLICATION_JSON)
    public List<Alert> fired(@QueryParam("first") @DefaultValue("0") int first, @QueryParam("max") @DefaultValue("100") int max) {
        auth.realm().requireViewEvents();
        if (first < 0 || max < 1 || max > MAX_PAGE) {
            throw badRequest("first must be >= 0 and max between 1 and " + MAX_PAGE);
        }
        return new AlertStore(session).fired(realm.getId(), first, max);
    }

    private Optional<ComponentModel> component(String id) {
        return AlertRuleProviderFactory.rules(realm).filter(c -> id.equals(AlertRuleProviderFactory.ruleId(AlertRuleProviderFactory.configured(c)))).findFirst();
    }

    /** Rule changes are admin events, as changes through Keycloak's components API are. */
    private void event(OperationType op, ComponentModel c) {
        new AdminEventBuilder(realm, auth.adminAuth(), session, session.getContext().getConnection())
                .resource(ResourceType.COMPONENT).operation(op).resourcePath("components", c.getId()).success();
    }

    /** 400 with {@code {"error": "<option>: <what is accepted>"}}; the message never holds the input. */
    private static RuntimeException badRequest(String message) {
        return new WebApplicationException(Response.status(Response.Status.BAD_REQUEST)
                .entity(new ErrorBody(message)).type(MediaType.APPLICATION_JSON).build());
    }

    /** An error answer of the alert API. */
    public record ErrorBody(String error) {
    }
}
