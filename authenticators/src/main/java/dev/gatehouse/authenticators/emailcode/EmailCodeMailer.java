package dev.gatehouse.authenticators.emailcode;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.executors.ExecutorsProvider;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import dev.gatehouse.authenticators.otp.Masking;

/** Sends a code with the realm's email theme over the realm's SMTP settings. */
final class EmailCodeMailer {

    private static final Logger LOG = Logger.getLogger(EmailCodeMailer.class);
    static final String TEMPLATE = "gatehouse-email-code.ftl";
    static final String SUBJECT = "gatehouse-emailCodeSubject";

    enum Result { SENT, NO_SMTP, FAILED }

    private EmailCodeMailer() {
    }

    static boolean smtpConfigured(RealmModel realm) {
        Map<String, String> smtp = realm.getSmtpConfig();
        return smtp != null && smtp.get("host") != null && !smtp.get("host").isBlank();
    }

    /**
     * Sends once the request's transaction has committed, on Keycloak's executor, in a session of its own: the
     * caller's response time does not depend on SMTP, and nothing is sent for a sign-in step that rolled back.
     */
    static void sendAfterCommit(KeycloakSession session, RealmModel realm, UserModel user, String code, long ttlMinutes,
                                String purpose) {
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        String realmId = realm.getId();
        String userId = user.getId();
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                session.getProvider(ExecutorsProvider.class).getExecutor("gatehouse-email-code").execute(() ->
                        KeycloakModelUtils.runJobInTransaction(factory, s -> {
                            RealmModel r = s.realms().getRealm(realmId);
                            s.getContext().setRealm(r);
                            UserModel u = r == null ? null : s.users().getUserById(r, userId);
                            if (u != null) {
                                send(s, r, u, code, ttlMinutes, purpose);
                            }
                        }));
            }

            @Override
            protected void rollbackImpl() {
            }
        });
    }

    static void logNoSmtp(RealmModel realm) {
        LOG.warnf("realm %s has no SMTP server: cannot send email codes (Realm settings > Email)", realm.getName());
    }

    /** One log line for the admin on failure (never the code); the caller shows the user a message. */
    static Result send(KeycloakSession session, RealmModel realm, UserModel user, String code, long ttlMinutes, String purpose) {
        if (!smtpConfigured(realm)) {
            logNoSmtp(realm);
            return Result.NO_SMTP;
        }
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("code", code);
        attributes.put("ttlMinutes", ttlMinutes);
        attributes.put("purpose", purpose);
        try {
            session.getProvider(EmailTemplateProvider.class).setRealm(realm).setUser(user)
                    .send(SUBJECT, List.<Object>of(realm.getDisplayName() != null ? realm.getDisplayName() : realm.getName()),
                            TEMPLATE, attributes);
            return Result.SENT;
        } catch (EmailException e) {
            LOG.warnf("realm %s: email code to %s not sent: %s", realm.getName(), Masking.email(user.getEmail()),
                    e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
            return Result.FAILED;
        }
    }
}
