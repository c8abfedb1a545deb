package dev.gatehouse.authenticators.sms.keycloak;

import java.io.IOException;
import java.time.Clock;

import org.jboss.logging.Logger;

import dev.gatehouse.authenticators.otp.Masking;
import dev.gatehouse.authenticators.sms.SmsResult;
import dev.gatehouse.authenticators.sms.SmsSettings;

/**
 * The {@code dev} sender, for {@code ./dev.sh} and tests: each message goes to a file outbox and to the log, whole.
 * Writing the full number, the text and so the code where a developer can read them is this sender's purpose,
 * and the one exception to "no code and no full number in a log": it only works when the server enables it
 * ({@code --spi-gatehouse-sms-sender--dev--enabled=true}); otherwise it sends nothing and says so.
 */
final class DevSmsSender implements SmsSenderProvider {

    private static final Logger LOG = Logger.getLogger(DevSmsSender.class);

    /** Null when the server does not enable the dev sender. */
    private final DevOutbox outbox;
    private final Clock clock;

    DevSmsSender(DevOutbox outbox, Clock clock) {
        this.outbox = outbox;
        this.clock = clock;
    }

    @Override
    public SmsResult send(SmsSettings settings, String e164, String body) {
        if (outbox == null) {
            // A realm can name the dev sender, but only the server's operator can turn it on.
            LOG.warnf("gatehouse sms: the realm chose the dev sender, but this server does not enable it "
                    + "(--spi-%s--%s--%s=true); nothing was sent to %s", SmsSenderSpi.NAME, DevSmsSenderFactory.ID,
                    DevSmsSenderFactory.ENABLED, Masking.phone(e164));
            return new SmsResult(SmsResult.Outcome.MISCONFIGURED, null);
        }
        try {
            outbox.append(clock.instant(), e164, body);
        } catch (IOException e) {
            LOG.warnf("gatehouse sms: the dev sender cannot write its outbox %s: %s", outbox.file(), e);
            return new SmsResult(SmsResult.Outcome.UNAVAILABLE, null);
        }
        LOG.infof("gatehouse sms dev sender: message to %s (also in %s):%n%s", e164, outbox.file(), body);
        return SmsResult.SENT;
    }
}
