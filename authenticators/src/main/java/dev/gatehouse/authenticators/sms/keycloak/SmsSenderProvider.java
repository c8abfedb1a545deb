package dev.gatehouse.authenticators.sms.keycloak;

import org.keycloak.provider.Provider;

import dev.gatehouse.authenticators.sms.SmsResult;
import dev.gatehouse.authenticators.sms.SmsSettings;

/**
 * Delivers text messages for one request. Implementations never log a message body, a code or a full number
 * (only {@code Masking.phone}). Senders come from the {@code gatehouse-sms-sender} SPI; the realm's
 * {@code gatehouse.sms.sender} option names the one to use.
 */
public interface SmsSenderProvider extends Provider {

    /** Sends {@code body} to {@code e164}. */
    SmsResult send(SmsSettings settings, String e164, String body);

    /**
     * Whether this sender can send at all on this server; false (after one log line for the admin) makes SMS codes
     * "not available" before a number is asked for, instead of failing each send.
     */
    default boolean ready() {
        return true;
    }

    /** Whether the service makes and checks the codes itself (Twilio Verify); then {@link #send} is unused. */
    default boolean makesCodes() {
        return false;
    }

    /** Twilio Verify: asks the service to send its code to {@code e164}, in {@code locale} where it can. */
    default SmsResult startVerification(SmsSettings settings, String e164, String locale) {
        throw new UnsupportedOperationException("this sender sends our codes");
    }

    /** Twilio Verify: SENT when the service approves {@code code} for {@code e164}, NOT_APPROVED otherwise. */
    default SmsResult checkVerification(SmsSettings settings, String e164, String code) {
        throw new UnsupportedOperationException("this sender sends our codes");
    }

    @Override
    default void close() {
    }
}
