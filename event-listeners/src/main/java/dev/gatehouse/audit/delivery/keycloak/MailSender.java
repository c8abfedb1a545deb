package dev.gatehouse.audit.delivery.keycloak;

import java.io.IOException;
import java.time.Instant;

import org.keycloak.common.util.HtmlUtils;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailSenderProvider;
import org.keycloak.models.RealmModel;
import org.keycloak.util.JsonSerialization;

import dev.gatehouse.audit.alert.Alert;
import dev.gatehouse.audit.delivery.DeliveryError;
import dev.gatehouse.audit.delivery.Destination;

/** Mails the alert through the realm's SMTP settings (Keycloak's EmailSenderProvider): plain text and simple, escaped HTML. */
final class MailSender {

    private final EmailSenderProvider sender;

    MailSender(EmailSenderProvider sender) {
        this.sender = sender;
    }

    /** One mail per address; an address that fails fails the attempt (a retry may then mail the others again: at least once). */
    void send(RealmModel realm, Destination d, OutboxRow row) throws DeliveryFailure {
        if (realm.getSmtpConfig() == null || realm.getSmtpConfig().get("host") == null) {
            throw new DeliveryFailure("realm has no SMTP settings");
        }
        Alert alert;
        try {
            alert = JsonSerialization.readValue(row.body(), Alert.class);
        } catch (IOException e) {
            throw new DeliveryFailure("unreadable alert");
        }
        String[][] fields = {
                {"Summary", alert.summary()},
                {"Severity", String.valueOf(alert.severity())},
                {"Realm", alert.realm()},
                {"Rule", alert.ruleName() + " (" + alert.rule() + ")"},
                {"Group", alert.group() == null ? alert.groupBy() : alert.groupBy() + " " + alert.group()},
                {"Count", alert.count() + " in " + alert.windowSeconds() + " s"},
                {"First", Instant.ofEpochMilli(alert.firstTime()).toString()},
                {"Last", Instant.ofEpochMilli(alert.lastTime()).toString()},
                {"Alert id", alert.id()},
                {"Delivery id", row.id()},
        };
        StringBuilder text = new StringBuilder();
        StringBuilder html = new StringBuilder("<html><body><h2>").append(HtmlUtils.escapeAttribute(line(alert.summary())))
                .append("</h2><table>");
        for (String[] f : fields) {
            text.append(f[0]).append(": ").append(line(f[1])).append('\n');
            html.append("<tr><th align=\"left\">").append(f[0]).append("</th><td>").append(HtmlUtils.escapeAttribute(line(f[1])))
                    .append("</td></tr>");
        }
        html.append("</table></body></html>");
        String subject = line("[Gatehouse] " + alert.severity() + " " + alert.ruleName() + " in " + alert.realm());
        for (String address : d.emails()) {
            try {
                sender.send(realm.getSmtpConfig(), address, subject, text.toString(), html.toString());
            } catch (EmailException e) {
                throw new DeliveryFailure("mail: " + DeliveryError.of(e.getCause() == null ? e : e.getCause()));
            }
        }
    }

    /** One line: no CR/LF from alert text in a header or a text line. */
    private static String line(String s) {
        return s == null ? "" : s.replaceAll("[\\r\\n\\t]+", " ");
    }
}
