package dev.gatehouse.testsupport;

import java.util.List;
import java.util.Map;

/**
 * What the pack contributes to a running Keycloak, as /admin/serverinfo lists it. Each feature adds its
 * provider ids here, and the provider-set test proves the real server loads them.
 */
public final class PackProviders {

    /** The pack's deployable modules (artifactIds, group dev.gatehouse). */
    public static final List<String> MODULES = List.of(
            "gatehouse-spi", "gatehouse-authenticators", "gatehouse-event-listeners", "gatehouse-vault-provider", "gatehouse-themes");

    /** Theme type to theme names. */
    public static final Map<String, List<String>> THEMES = Map.of(
            "login", List.of("gatehouse"),
            "email", List.of("gatehouse"));

    /** SPI id to provider ids. */
    public static final Map<String, List<String>> PROVIDERS = Map.ofEntries(
            Map.entry("authenticator", List.of("gatehouse-email-code", "gatehouse-email-code-passwordless", "gatehouse-condition-factor", "gatehouse-level-check",
                    "gatehouse-sms-code", "gatehouse-condition-device-trusted", "gatehouse-trust-device", "gatehouse-end-sessions",
                    "gatehouse-username-password-form", "gatehouse-mfa-policy", "gatehouse-mfa-enrolment", "gatehouse-mfa-sso",
                    "gatehouse-mfa-broker", "gatehouse-condition-mfa-broker", "gatehouse-condition-api-key-holder")),
            Map.entry("required-action", List.of("gatehouse-email-code-setup", "gatehouse-sms-code-setup", "gatehouse-mfa-enrol", "gatehouse-api-key")),
            Map.entry("credential", List.of("gatehouse-email-code", "gatehouse-sms-code", "gatehouse-trusted-device", "gatehouse-api-key")),
            Map.entry("eventsListener", List.of("gatehouse-audit", "gatehouse-trusted-devices", "gatehouse-api-key-revocations")),
            Map.entry("admin-realm-restapi-extension", List.of("gatehouse-audit", "gatehouse-api-keys", "gatehouse-vault")),
            Map.entry("realm-restapi-extension", List.of("gatehouse-audit-viewer", "gatehouse-api-keys")),
            // The API key grant (docs/api-keys.md, Exchange): its id is the grant_type value.
            Map.entry("oauth2-grant-type", List.of("urn:gatehouse:params:oauth:grant-type:api-key")),
            // Refuses a token obtained with an API key as the subject of Keycloak's token exchange.
            Map.entry("oauth2-token-exchange", List.of("gatehouse-api-key-guard")),
            // The pack's own component type for audit alert rules.
            Map.entry("gatehouse-alert-rule", List.of("gatehouse-alert-rule")),
            // The pack's own component SPI: alert destinations (components under the realm).
            Map.entry("gatehouse-alert-destination", List.of("gatehouse-alert-destination")),
            // The pack's own SPI; dev is listed even when the server does not enable it (then it refuses to send).
            Map.entry("gatehouse-sms-sender", List.of("twilio", "twilio-verify", "dev")),
            // Listed only when selected: --spi-vault--provider=gatehouse (PackProvidersIT selects it).
            Map.entry("vault", List.of("gatehouse")));

    private PackProviders() {
    }
}
