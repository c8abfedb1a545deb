package dev.gatehouse.authenticators.sms;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The text of a code message: the localized lines from the theme, then the WebOTP line {@code @host #code} as
 * the last line, so phones offer to fill the code in (https://wicg.github.io/sms-one-time-codes/).
 */
public final class SmsText {

    /** A DNS name (which includes an IPv4 address) of at most 253 characters, or a bracketed IPv6 literal. */
    private static final Pattern HOST = Pattern.compile(
            "(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?"
                    + "|\\[[0-9A-Fa-f:.]{2,45}]");
    private static final Pattern CODE = Pattern.compile("[0-9]{1,20}");

    private SmsText() {
    }

    /** {@code intro} is the localized first line(s), already formatted; {@code host} the sign-in page's host. */
    public static String body(String intro, String host, String code) {
        // A host or code outside these shapes would end the WebOTP line early or bind the code to another origin.
        if (host == null || !HOST.matcher(host).matches()) {
            throw new IllegalArgumentException("host must be a DNS name or an IP address");
        }
        if (code == null || !CODE.matcher(code).matches()) {
            throw new IllegalArgumentException("code must be ASCII digits");
        }
        String last = "@" + stripDot(host.toLowerCase(Locale.ROOT)) + " #" + code;
        String lines = intro == null ? "" : intro.strip();
        return lines.isEmpty() ? last : lines + "\n\n" + last;
    }

    private static String stripDot(String host) {
        return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    }
}
