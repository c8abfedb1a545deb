package dev.gatehouse.authenticators.sms;

/**
 * The text of a code message: the localized lines from the theme, then the WebOTP line {@code @host #code} as
 * the last line, so phones offer to fill the code in (https://wicg.github.io/sms-one-time-codes/).
 *
 * <p>CONTRACT (skeleton): the sms-core lane implements it.
 */
public final class SmsText {

    private SmsText() {
    }

    /** {@code intro} is the localized first line(s), already formatted; {@code host} the sign-in page's host. */
    public static String body(String intro, String host, String code) {
        throw new UnsupportedOperationException("sms-core lane");
    }
}
