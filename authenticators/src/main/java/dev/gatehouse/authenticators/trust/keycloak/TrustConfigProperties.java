package dev.gatehouse.authenticators.trust.keycloak;

import java.util.Arrays;
import java.util.List;

import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import dev.gatehouse.authenticators.trust.TrustOption;
import dev.gatehouse.authenticators.trust.TrustRule;

/** The admin console's view of {@link TrustOption}: one property per option of a target, nothing declared twice. */
final class TrustConfigProperties {

    private TrustConfigProperties() {
    }

    static List<ProviderConfigProperty> of(TrustOption.Target target) {
        ProviderConfigurationBuilder b = ProviderConfigurationBuilder.create();
        for (TrustOption o : TrustOption.values()) {
            if (o.target() != target) {
                continue;
            }
            ProviderConfigurationBuilder.ProviderConfigPropertyBuilder p = b.property().name(o.key()).label(o.label())
                    .helpText(o.help()).defaultValue(o.defaultValue());
            switch (o.kind()) {
                case NUMBER -> p.type(ProviderConfigProperty.STRING_TYPE);
                case BOOLEAN -> p.type(ProviderConfigProperty.BOOLEAN_TYPE);
                case CHOICE -> p.type(ProviderConfigProperty.LIST_TYPE)
                        .options(Arrays.stream(TrustRule.Match.values()).map(TrustRule.Match::option).toList());
            }
            p.add();
        }
        return b.build();
    }
}
