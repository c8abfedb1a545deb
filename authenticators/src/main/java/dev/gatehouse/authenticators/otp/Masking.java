package dev.gatehouse.authenticators.otp;

import java.util.regex.Pattern;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;

/** Addresses as pages and events show them: enough to recognise, not enough to harvest. */
public final class Masking {

    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");

    private Masking() {
    }

    /** alice@example.com becomes a***e@e***.com. */
    public static String email(String address) {
        if (address == null) {
            return "";
        }
        int at = address.lastIndexOf('@');
        if (at <= 0 || at == address.length() - 1) {
            return keepEnds(address);
        }
        String domain = address.substring(at + 1);
        int dot = domain.lastIndexOf('.');
        String maskedDomain = dot > 0 ? keepFirst(domain.substring(0, dot)) + domain.substring(dot) : keepFirst(domain);
        return keepEnds(address.substring(0, at)) + "@" + maskedDomain;
    }

    /**
     * +4915112345678 becomes +49 *** 78: the country calling code and the last two digits. Anything not in E.164
     * form, or too short to hide more than it shows, is masked whole.
     */
    public static String phone(String e164) {
        if (e164 == null || !E164.matcher(e164).matches()) {
            return "***";
        }
        String cc;
        try {
            cc = String.valueOf(PhoneNumberUtil.getInstance().parse(e164, "ZZ").getCountryCode());
        } catch (NumberParseException e) {
            return "***";
        }
        if (e164.length() - 1 - cc.length() < 6) {
            return "***";
        }
        return "+" + cc + " *** " + e164.substring(e164.length() - 2);
    }

    private static String keepEnds(String s) {
        if (s.length() <= 2) {
            return s.charAt(0) + "***";
        }
        return s.charAt(0) + "***" + s.charAt(s.length() - 1);
    }

    private static String keepFirst(String s) {
        return s.isEmpty() ? "***" : s.charAt(0) + "***";
    }
}
