package dev.gatehouse.authenticators.sms.keycloak;

import dev.gatehouse.authenticators.sms.SmsResult;
import dev.gatehouse.authenticators.sms.SmsSettings;
import dev.gatehouse.authenticators.sms.twilio.TwilioClient;

/** Twilio Programmable Messaging: our codes, in our text, sent as a Message. */
final class TwilioSmsSender implements SmsSenderProvider {

    private final TwilioClient twilio;

    TwilioSmsSender(TwilioClient twilio) {
        this.twilio = twilio;
    }

    @Override
    public SmsResult send(SmsSettings settings, String e164, String body) {
        return twilio.send(settings, e164, body);
    }
}
