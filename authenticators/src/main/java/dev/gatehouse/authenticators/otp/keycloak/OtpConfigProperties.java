package dev.gatehouse.authenticators.otp.keycloak;

import java.util.List;

import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import dev.gatehouse.authenticators.otp.OtpPolicy;

/** The admin-console options of every code authenticator, declared once with their help texts. */
public final class OtpConfigProperties {

    private OtpConfigProperties() {
    }

    public static List<ProviderConfigProperty> of(OtpPolicy defaults) {
        return ProviderConfigurationBuilder.create()
                .property().name(OtpPolicy.LENGTH).label("Code length")
                .helpText("Digits in a code, 4 to 10.")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(String.valueOf(defaults.length())).add()
                .property().name(OtpPolicy.TTL).label("Code lifetime (seconds)")
                .helpText("How long a code can be used, 30 to 3600 seconds. A resend does not extend it.")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(String.valueOf(defaults.ttl().toSeconds())).add()
                .property().name(OtpPolicy.MAX_ATTEMPTS).label("Wrong attempts per code")
                .helpText("Wrong codes accepted before the code is void and a new one must be requested, 1 to 10. "
                        + "Wrong codes also count toward the realm's brute-force detection.")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(String.valueOf(defaults.maxAttempts())).add()
                .property().name(OtpPolicy.RESEND_COOLDOWN).label("Resend cooldown (seconds)")
                .helpText("Time before the user may ask for the same code again; shorter than the lifetime.")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(String.valueOf(defaults.resendCooldown().toSeconds())).add()
                .property().name(OtpPolicy.SENDS_PER_DESTINATION).label("Sends per hour per address")
                .helpText("Messages sent to one address per clock hour, across the cluster. Counted apart for "
                        + "sign-ins before authentication and after a proven first factor.")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(String.valueOf(defaults.sendsPerDestination())).add()
                .property().name(OtpPolicy.SENDS_PER_USER).label("Sends per hour per user")
                .helpText("Messages sent for one account per clock hour, across the cluster.")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(String.valueOf(defaults.sendsPerUser())).add()
                .property().name(OtpPolicy.SENDS_PER_IP).label("Sends per hour per IP address")
                .helpText("Messages requested from one client IP address per clock hour, across the cluster. "
                        + "Checked before the address's budget.")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(String.valueOf(defaults.sendsPerIp())).add()
                .property().name(OtpPolicy.SENDS_PER_SESSION).label("Sends per hour per browser session")
                .helpText("Messages requested from one browser's sign-in session per clock hour. Checked before "
                        + "the address's budget.")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(String.valueOf(defaults.sendsPerSession())).add()
                .build();
    }
}
