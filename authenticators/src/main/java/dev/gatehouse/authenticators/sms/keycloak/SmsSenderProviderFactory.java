package dev.gatehouse.authenticators.sms.keycloak;

import org.keycloak.provider.ProviderFactory;

/** A sender: {@code twilio}, {@code twilio-verify} or {@code dev}. */
public interface SmsSenderProviderFactory extends ProviderFactory<SmsSenderProvider> {
}
