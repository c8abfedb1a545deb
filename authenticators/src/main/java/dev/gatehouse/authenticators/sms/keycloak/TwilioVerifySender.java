package dev.gatehouse.authenticators.sms.keycloak;

import org.jboss.logging.Logger;

import dev.gatehouse.authenticators.sms.SmsResult;
import dev.gatehouse.authenticators.sms.SmsSettings;
import dev.gatehouse.authenticators.sms.twilio.TwilioClient;

/** Twilio Verify: the service makes, sends and checks the code; attempts, budgets and events stay ours. */
final class TwilioVerifySender implements SmsSenderProvider {

    private static final Logger LOG = Logger.getLogger(TwilioVerifySender.class);

    private final TwilioClient twilio;

    TwilioVerifySender(TwilioClient twilio) {
        this.twilio = twilio;
    }

    @Override
    public boolean makesCodes() {
        return true;
    }

    /** Not used with Verify (Twilio writes the text); a caller that tries gets a failed send, not a 500. */
    @Override
    public SmsResult send(SmsSettings settings, String e164, String body) {
        LOG.warn("gatehouse sms: the twilio-verify sender makes its own codes; a message of ours was not sent");
        return new SmsResult(SmsResult.Outcome.MISCONFIGURED, null);
    }

    @Override
    public SmsResult startVerification(SmsSettings settings, String e164, String locale) {
        return twilio.startVerification(settings, e164, locale);
    }

    @Override
    public SmsResult checkVerification(SmsSettings settings, String e164, String code) {
        return twilio.checkVerification(settings, e164, code);
    }
}
