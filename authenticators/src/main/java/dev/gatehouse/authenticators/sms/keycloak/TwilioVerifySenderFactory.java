package dev.gatehouse.authenticators.sms.keycloak;

import org.keycloak.connections.httpclient.HttpClientProvider;
import org.keycloak.models.KeycloakSession;

import dev.gatehouse.authenticators.sms.twilio.TwilioClient;

/** The {@code twilio-verify} sender: Twilio Verify over Keycloak's HTTP client. Its settings are the realm's. */
public final class TwilioVerifySenderFactory implements SmsSenderProviderFactory {

    public static final String ID = "twilio-verify";

    @Override
    public SmsSenderProvider create(KeycloakSession session) {
        return new TwilioVerifySender(new TwilioClient(session.getProvider(HttpClientProvider.class).getHttpClient()));
    }

    @Override
    public String getId() {
        return ID;
    }
}
