package dev.gatehouse.audit.delivery.keycloak;

import java.util.List;
import java.util.Objects;

import org.keycloak.Config;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;

import dev.gatehouse.audit.delivery.Destination;
import dev.gatehouse.audit.delivery.DestinationConfigException;
import dev.gatehouse.audit.delivery.DestinationOption;

/**
 * Alert destinations as components ({@link AlertDestinationSpi}) under the realm: realm JSON imports them,
 * Keycloak's components API and our DeliveryResource manage them, the Gatehouse audit page edits them with a form
 * built from the declared options. Saving runs {@link Destination#parse}: a refused field is a 400 naming it.
 */
public class AlertDestinationFactory implements AlertDestinationProviderFactory {

    public static final String PROVIDER_ID = "gatehouse-alert-destination";

    @Override
    public AlertDestinationProvider create(KeycloakSession session, ComponentModel model) {
        return null;
    }

    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model) throws ComponentValidationException {
        if (model.getName() == null || model.getName().isBlank()) {
            throw new ComponentValidationException("name: a destination needs a name");
        }
        Destination d;
        try {
            d = Destination.parse(model.getId(), model.getName(), Destinations.config(model));
        } catch (DestinationConfigException e) {
            // Keycloak runs the message through MessageFormat: as a parameter it stays verbatim (${vault.…}, quotes).
            throw new ComponentValidationException("{0}", e.getMessage());
        }
        if (d.url() != null && Destinations.addressPolicy(session).refusesLiteral(d.url().getHost())) {
            throw new ComponentValidationException("{0}", DestinationOption.URL.key()
                    + ": loopback, private, link-local and metadata addresses are refused on this server (option webhook-allow-private)");
        }
    }

    /** Enabled again (here, in the console or through the components API): counting starts over, queued rows are due now. */
    @Override
    public void onUpdate(KeycloakSession session, RealmModel realm, ComponentModel oldModel, ComponentModel newModel) {
        if (!enabled(oldModel) && enabled(newModel)) {
            OutboxStore store = new OutboxStore(session);
            DestinationStateEntity s = store.state(realm.getId(), newModel.getId());
            s.setFailures(0);
            s.setLastDelay(0);
            store.reschedule(newModel.getId(), System.currentTimeMillis());
        }
    }

    /** Removed: its queued deliveries can never be sent; they stay in the outbox as dead, with the reason. */
    @Override
    public void preRemove(KeycloakSession session, RealmModel realm, ComponentModel model) {
        OutboxStore store = new OutboxStore(session);
        store.bury(model.getId(), "destination removed");
        store.removeState(model.getId());
    }

    static boolean enabled(ComponentModel model) {
        return !Objects.equals("false", model.get(DestinationOption.ENABLED.key()));
    }

    @Override
    public String getHelpText() {
        return "Where Gatehouse sends audit alerts: email addresses through the realm's SMTP settings, or signed webhooks. "
                + "See docs/audit-delivery.md.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return java.util.Arrays.stream(DestinationOption.values()).map(AlertDestinationFactory::property).toList();
    }

    static ProviderConfigProperty property(DestinationOption o) {
        ProviderConfigProperty p = new ProviderConfigProperty();
        p.setName(o.key());
        p.setLabel(o.label());
        p.setHelpText(o.help());
        p.setDefaultValue(o.defaultValue());
        switch (o.kind()) {
            case SELECT -> {
                p.setType(ProviderConfigProperty.LIST_TYPE);
                p.setOptions(o.choices());
            }
            case BOOLEAN -> p.setType(ProviderConfigProperty.BOOLEAN_TYPE);
            case PASSWORD -> {
                p.setType(ProviderConfigProperty.PASSWORD);
                p.setSecret(true);
            }
            default -> p.setType(ProviderConfigProperty.STRING_TYPE);
        }
        return p;
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
