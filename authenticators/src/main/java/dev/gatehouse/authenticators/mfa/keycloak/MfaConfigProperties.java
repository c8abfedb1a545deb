package dev.gatehouse.authenticators.mfa.keycloak;

import java.util.List;

import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import dev.gatehouse.authenticators.mfa.MfaOption;
import dev.gatehouse.authenticators.mfa.MfaPolicy;

/** The policy options as the admin console shows them: one property per {@link MfaOption}. */
public final class MfaConfigProperties {

    private MfaConfigProperties() {
    }

    public static List<ProviderConfigProperty> of() {
        ProviderConfigurationBuilder b = ProviderConfigurationBuilder.create();
        for (MfaOption o : MfaOption.values()) {
            var p = b.property().name(o.key()).label(o.label()).helpText(o.help()).type(type(o.kind()))
                    .defaultValue(o.defaultValue());
            if (o == MfaOption.REQUIRED) {
                p.options(MfaPolicy.REQUIRED, MfaPolicy.OPTIONAL);
            }
            p.add();
        }
        return b.build();
    }

    static String type(MfaOption.Kind kind) {
        return switch (kind) {
            case LIST -> ProviderConfigProperty.MULTIVALUED_STRING_TYPE;
            case CHOICE -> ProviderConfigProperty.LIST_TYPE;
            case BOOLEAN -> ProviderConfigProperty.BOOLEAN_TYPE;
            case NUMBER, DATE -> ProviderConfigProperty.STRING_TYPE;
        };
    }

    /** The option a refusal names (its message starts with the key). */
    static String optionOf(String problem) {
        for (MfaOption o : MfaOption.values()) {
            if (problem.startsWith(o.key() + " ")) {
                return o.key();
            }
        }
        return MfaOption.REQUIRED.key();
    }
}
