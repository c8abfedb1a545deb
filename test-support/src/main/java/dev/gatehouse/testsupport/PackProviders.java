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
    public static final Map<String, List<String>> PROVIDERS = Map.of(
            "authenticator", List.of("gatehouse-email-code", "gatehouse-email-code-passwordless", "gatehouse-condition-factor", "gatehouse-level-check",
                    "gatehouse-sms-code", "gatehouse-condition-device-trusted", "gatehouse-trust-device", "gatehouse-end-sessions",
                    "gatehouse-username-password-form", "gatehouse-mfa-policy", "gatehouse-mfa-enrolment", "gatehouse-mfa-sso",
                    "gatehouse-mfa-broker", "gatehouse-condition-mfa-broker"),
            "required-action", List.of("gatehouse-email-code-setup", "gatehouse-sms-code-setup", "gatehouse-mfa-enrol"),
            "credential", List.of("gatehouse-email-code", "gatehouse-sms-code", "gatehouse-trusted-device"),
            "eventsListener", List.of("gatehouse-audit", "gatehouse-trusted-devices"),
            "admin-realm-restapi-extension", List.of("gatehouse-audit"),
            "realm-restapi-extension", List.of("gatehouse-audit-viewer"),
            // The pack's own component type for audit alert rules.
            "gatehouse-alert-rule", List.of("gatehouse-alert-rule"),
            // The pack's own component SPI: alert destinations (components under the realm).
            "gatehouse-alert-destination", List.of("gatehouse-alert-destination"),
            // The pack's own SPI; dev is listed even when the server does not enable it (then it refuses to send).
            "gatehouse-sms-sender", List.of("twilio", "twilio-verify", "dev"),
            // Listed only when selected: --spi-vault--provider=gatehouse (PackProvidersIT selects it).
            "vault", List.of("gatehouse"));

    private PackProviders() {
    }
}
