package dev.gatehouse.authenticators.apikey.keycloak;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionConfigModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import dev.gatehouse.authenticators.apikey.ApiKeySettings;
import dev.gatehouse.authenticators.apikey.ApiKeySettings.Option;

/**
 * A realm's API key settings, from the config of the required action {@code gatehouse-api-key}. A broken option
 * (saved around the admin console's check, e.g. by a realm import) is one log line naming it, and a safe value.
 */
public final class ApiKeySettingsLoader {

    /** The required action whose config holds the settings (and that creates keys in the account console). */
    public static final String ACTION_ID = "gatehouse-api-key";

    private static final Logger LOG = Logger.getLogger(ApiKeySettingsLoader.class);

    private ApiKeySettingsLoader() {
    }

    /**
     * The realm's settings; each broken option is one log line naming it, and its safe value or default
     * ({@link ApiKeySettings#lenient}). {@link ApiKeyRuntime#settings} calls this once per config change.
     */
    public static ApiKeySettings load(RealmModel realm) {
        List<String> problems = new ArrayList<>();
        ApiKeySettings settings = ApiKeySettings.lenient(config(realm), problems);
        for (String p : problems) {
            LOG.warnf("realm %s, required action %s config: %s; a safe value applies to it", realm.getName(),
                    ACTION_ID, p);
        }
        return settings;
    }

    /** The raw config (empty when the required action has none). */
    public static Map<String, String> config(RealmModel realm) {
        RequiredActionConfigModel model = realm.getRequiredActionConfigByAlias(ACTION_ID);
        return model == null || model.getConfig() == null ? Map.of() : model.getConfig();
    }

    /** The options as the admin console shows them (the required action's config metadata). */
    public static List<ProviderConfigProperty> configProperties() {
        ProviderConfigurationBuilder b = ProviderConfigurationBuilder.create();
        for (Option o : Option.values()) {
            b.property().name(o.key()).label(o.label()).helpText(o.help()).type(switch (o.kind()) {
                case LIST -> ProviderConfigProperty.MULTIVALUED_STRING_TYPE;
                case BOOLEAN -> ProviderConfigProperty.BOOLEAN_TYPE;
                case TEXT, NUMBER -> ProviderConfigProperty.STRING_TYPE;
            }).defaultValue(o.defaultValue()).add();
        }
        return b.build();
    }

    /** The option a refusal names (its message starts with the key), for a validation error. */
    public static String optionOf(String problem) {
        for (Option o : Option.values()) {
            if (problem.startsWith(o.key() + " ")) {
                return o.key();
            }
        }
        return Option.KEY_PREFIX.key();
    }
}
