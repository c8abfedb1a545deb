package dev.gatehouse.authenticators.sms.keycloak;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import dev.gatehouse.authenticators.sms.SmsOption;
import dev.gatehouse.authenticators.sms.SmsSettings;

/** The SMS options as the admin console shows and checks them: one property per {@link SmsOption}. */
final class SmsConfig {

    private SmsConfig() {
    }

    static List<ProviderConfigProperty> properties() {
        ProviderConfigurationBuilder b = ProviderConfigurationBuilder.create();
        for (SmsOption o : SmsOption.values()) {
            b.property().name(o.key()).label(o.label()).helpText(o.help()).type(type(o.kind()))
                    .defaultValue(o.defaultValue()).secret(o.kind() == SmsOption.Kind.SECRET).add();
        }
        return b.build();
    }

    static String type(SmsOption.Kind kind) {
        return switch (kind) {
            case SECRET -> ProviderConfigProperty.PASSWORD;
            case BOOLEAN -> ProviderConfigProperty.BOOLEAN_TYPE;
            case TEXT, NUMBER -> ProviderConfigProperty.STRING_TYPE;
        };
    }

    /**
     * What is wrong with a config, naming the option; null when it parses. A {@code ${vault.…}} secret is not
     * looked up here (the vault may be filled later); the sign-in refuses it loudly if it is still missing then.
     */
    static String problem(Map<String, String> config, Predicate<String> senderExists) {
        if (config == null || config.values().stream().allMatch(v -> v == null || v.isBlank())) {
            return null; // no settings: SMS codes are unavailable, which is a valid choice
        }
        SmsSettings settings;
        try {
            settings = SmsSettingsLoader.parse(config, reference -> Optional.of("vault"));
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        if (settings.sender() != null && !settings.sender().isBlank() && !senderExists.test(settings.sender())) {
            return SmsOption.SENDER.key() + ": no sender of that name on this server (twilio, twilio-verify, dev)";
        }
        return null;
    }

    /** The option a problem names (its message starts with the key), or the sender option. */
    static String optionOf(String problem) {
        for (SmsOption o : SmsOption.values()) {
            if (problem.startsWith(o.key())) {
                return o.key();
            }
        }
        return SmsOption.SENDER.key();
    }
}
