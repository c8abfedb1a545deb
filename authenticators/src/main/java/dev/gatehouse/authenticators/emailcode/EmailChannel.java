package dev.gatehouse.authenticators.emailcode;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import dev.gatehouse.authenticators.otp.CodeMessage;
import dev.gatehouse.authenticators.otp.CodeMode;
import dev.gatehouse.authenticators.otp.Masking;
import dev.gatehouse.authenticators.otp.OtpPolicy;
import dev.gatehouse.authenticators.otp.keycloak.CodeChannel;

/** Codes by email: the realm's email theme over the realm's SMTP settings, to the user's verified address. */
public final class EmailChannel implements CodeChannel {

    public static final EmailChannel INSTANCE = new EmailChannel();

    private static final Logger LOG = Logger.getLogger(EmailChannel.class);
    static final String TEMPLATE = "gatehouse-email-code.ftl";
    static final String SUBJECT = "gatehouse-emailCodeSubject";

    private EmailChannel() {
    }

    @Override
    public String id() {
        return "email";
    }

    @Override
    public String mask(String destination) {
        return Masking.email(destination);
    }

    @Override
    public String verifiedDestination(UserModel user) {
        return user != null && user.getEmail() != null && !user.getEmail().isBlank() && user.isEmailVerified()
                ? user.getEmail() : null;
    }

    @Override
    public boolean available(RealmModel realm) {
        Map<String, String> smtp = realm.getSmtpConfig();
        if (smtp != null && smtp.get("host") != null && !smtp.get("host").isBlank()) {
            return true;
        }
        LOG.warnf("realm %s has no SMTP server: cannot send email codes (Realm settings > Email)", realm.getName());
        return false;
    }

    /** One log line for the admin on failure (never the code); the caller shows the user a message. */
    @Override
    public Delivery deliver(KeycloakSession session, RealmModel realm, UserModel user, String destination, String code,
                            OtpPolicy policy, CodeMode mode) {
        if (!available(realm)) {
            return Delivery.UNAVAILABLE;
        }
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("code", code);
        attributes.put("ttlMinutes", policy.ttl().toMinutes());
        attributes.put("purpose", mode.id());
        try {
            session.getProvider(EmailTemplateProvider.class).setRealm(realm).setUser(user)
                    .send(SUBJECT, List.<Object>of(realm.getDisplayName() != null ? realm.getDisplayName() : realm.getName()),
                            TEMPLATE, attributes);
            return Delivery.SENT;
        } catch (EmailException e) {
            LOG.warnf("realm %s: email code to %s not sent: %s", realm.getName(), Masking.email(destination),
                    e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
            return Delivery.FAILED;
        }
    }

    @Override
    public String pageTemplate() {
        return TEMPLATE;
    }

    @Override
    public String messageKey(CodeMessage message) {
        return switch (message) {
            case SENT_IF_ACCOUNT -> "gatehouse-emailCodeSentIfAccount";
            case SENT_AGAIN -> "gatehouse-emailCodeSentAgain";
            case REUSED -> "gatehouse-emailCodeReused";
            case RESEND_WAIT -> "gatehouse-emailCodeResendWait";
            case RECENTLY_SENT -> "gatehouse-emailCodeRecentlySent";
            case THROTTLED -> "gatehouse-emailCodeThrottled";
            case UNAVAILABLE -> "gatehouse-emailCodeNoSmtp";
            case SEND_FAILED -> "gatehouse-emailCodeSendFailed";
            case NO_DESTINATION -> "gatehouse-emailCodeNoVerifiedEmail";
            case INVALID -> "gatehouse-emailCodeInvalid";
            case INVALID_ATTEMPTS -> "gatehouse-emailCodeInvalidAttempts";
            case VOID -> "gatehouse-emailCodeVoid";
            case EXPIRED -> "gatehouse-emailCodeExpired";
            case STALE -> "gatehouse-emailCodeStale";
            case INVALID_ADDRESS -> "gatehouse-emailCodeInvalidAddress";
            case MISCONFIGURED -> "gatehouse-emailCodeUnavailable";
            case CHECK_UNAVAILABLE -> "gatehouse-emailCodeCheckUnavailable";
        };
    }
}
