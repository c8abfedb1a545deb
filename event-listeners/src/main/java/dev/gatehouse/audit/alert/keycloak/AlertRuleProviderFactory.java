package dev.gatehouse.audit.alert.keycloak;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.keycloak.Config;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.component.ComponentFactory;

import dev.gatehouse.audit.alert.BuiltInRules;
import dev.gatehouse.audit.alert.GroupBy;
import dev.gatehouse.audit.alert.Severity;
import dev.gatehouse.audit.alert.RuleException;
import dev.gatehouse.audit.alert.RuleOption;

/**
 * {@code gatehouse-alert-rule}: alert rules as components of our own type ({@link AlertRuleProvider}, parent the
 * realm), so realm JSON imports and exports them, Keycloak's components API and our REST API manage them, and
 * the audit page's rules tab builds its form from {@link #getConfigProperties()}. Each component is a custom
 * rule, or an override of a built-in when its {@code id} option is the built-in's id.
 */
public class AlertRuleProviderFactory implements ComponentFactory<AlertRuleProvider, AlertRuleProvider> {

    public static final String PROVIDER_ID = "gatehouse-alert-rule";

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getHelpText() {
        return "Gatehouse audit alert rule. Built-in rules (builtin-…) are on without a component; a rule whose id is a built-in's "
                + "overrides it (enabled=false switches it off). See docs/audit-alerts.md.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return Arrays.stream(RuleOption.values()).map(AlertRuleProviderFactory::property).toList();
    }

    /**
     * No defaults in the form except {@code enabled}: an empty field keeps the built-in's value in an override and
     * the documented default in a custom rule, so the help text states the default.
     */
    private static ProviderConfigProperty property(RuleOption o) {
        ProviderConfigProperty p = new ProviderConfigProperty();
        p.setName(o.key());
        p.setLabel(o.key());
        if (o == RuleOption.ENABLED) {
            p.setType(ProviderConfigProperty.BOOLEAN_TYPE);
            p.setDefaultValue(o.defaultValue());
            p.setHelpText(o.help());
        } else {
            p.setType(switch (o) {
                case THRESHOLD, WINDOW_SECONDS, QUIET_SECONDS, BUDGET -> ProviderConfigProperty.INTEGER_TYPE;
                case OUTCOME, GROUP_BY, SEVERITY -> ProviderConfigProperty.LIST_TYPE;
                case ID -> ProviderConfigProperty.STRING_TYPE;
                default -> ProviderConfigProperty.MULTIVALUED_STRING_TYPE;
            });
            p.setHelpText(o.defaultValue().isEmpty() ? o.help() : o.help() + " Default: " + o.defaultValue() + ".");
            switch (o) {
                case OUTCOME -> p.setOptions(List.of("any", "success", "error"));
                case GROUP_BY -> p.setOptions(Arrays.stream(GroupBy.values()).map(GroupBy::label).toList());
                case SEVERITY -> p.setOptions(Arrays.stream(Severity.values()).map(Severity::name).toList());
                default -> {
                }
            }
        }
        return p;
    }

    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model) throws ComponentValidationException {
        BuiltInRules.Configured configured = configured(model);
        String id;
        try {
            id = BuiltInRules.parse(configured).rule().id();
        } catch (RuleException e) {
            throw invalid(e.getMessage());
        }
        boolean taken = rules(realm).filter(c -> !Objects.equals(c.getId(), model.getId()))
                .anyMatch(c -> id.equals(ruleId(configured(c))));
        if (taken) {
            throw invalid(RuleOption.ID.key() + ": another rule of this realm has this id");
        }
    }

    /**
     * Keycloak's components API formats the message with MessageFormat, where quotes and braces are syntax: the
     * text goes in as the one parameter, verbatim.
     */
    static ComponentValidationException invalid(String message) {
        return new ComponentValidationException("{0}", message);
    }

    /** The text of {@link #invalid}'s exception (or of any other). */
    static String message(ComponentValidationException e) {
        Object[] p = e.getParameters();
        return "{0}".equals(e.getMessage()) && p != null && p.length == 1 ? String.valueOf(p[0]) : e.getMessage();
    }

    /** The realm's rule components. */
    static java.util.stream.Stream<ComponentModel> rules(RealmModel realm) {
        return realm.getComponentsStream(realm.getId(), AlertRuleProvider.class.getName()).filter(c -> PROVIDER_ID.equals(c.getProviderId()));
    }

    /** A component's config as one string per option (several values joined with ##). */
    static BuiltInRules.Configured configured(ComponentModel c) {
        Map<String, String> config = new LinkedHashMap<>();
        c.getConfig().forEach((k, v) -> {
            if (v != null) {
                config.put(k, String.join(RuleOption.SEPARATOR, v.stream().filter(Objects::nonNull).toList()));
            }
        });
        // Not yet created: any non-reserved placeholder stands for the id the component will get.
        return new BuiltInRules.Configured(c.getId() == null ? "new-component" : c.getId(), c.getName(), config);
    }

    static String ruleId(BuiltInRules.Configured c) {
        String id = c.config().get(RuleOption.ID.key());
        return id == null || id.isBlank() ? c.componentId() : id.strip();
    }

    /** Nothing is created from a rule component: the evaluator reads its config. */
    @Override
    public AlertRuleProvider create(KeycloakSession session, ComponentModel model) {
        return null;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof RealmModel.RealmRemovedEvent removed) {
                new AlertStore(removed.getKeycloakSession()).removeRealm(removed.getRealm().getId());
            }
        });
    }

    @Override
    public void close() {
    }
}
