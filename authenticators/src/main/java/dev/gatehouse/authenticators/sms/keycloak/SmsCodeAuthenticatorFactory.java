package dev.gatehouse.authenticators.sms.keycloak;

import io.micrometer.core.instrument.Metrics;
import org.keycloak.Config;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;

import dev.gatehouse.authenticators.otp.OtpPolicy;
import dev.gatehouse.authenticators.otp.keycloak.CodeAuthenticatorFactory;

/** Holds the SMS metrics for the server's lifetime; the channel of each request finds them here. */
public class SmsCodeAuthenticatorFactory extends CodeAuthenticatorFactory {

    public static final String PROVIDER_ID = "gatehouse-sms-code";

    private SmsMetrics metrics;

    public SmsCodeAuthenticatorFactory() {
        super(OtpPolicy.SECOND_FACTOR);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Gatehouse: SMS code";
    }

    @Override
    public String getHelpText() {
        return "Second factor: sends a one-time code by SMS to the user's verified phone number. Users enrol a number "
                + "with the 'Gatehouse: Set up SMS codes' required action, whose config holds the realm's SMS settings.";
    }

    @Override
    public String getReferenceCategory() {
        return SmsCodeCredentialModel.TYPE;
    }

    @Override
    public boolean isUserSetupAllowed() {
        return true;
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return new SmsCodeAuthenticator();
    }

    @Override
    public void init(Config.Scope scope) {
        metrics = new SmsMetrics(Metrics.globalRegistry);
    }

    SmsMetrics metrics() {
        return metrics;
    }

    @Override
    public void close() {
        if (metrics != null) {
            metrics.close();
        }
    }
}
