package dev.gatehouse.authenticators.otp;

/** Addresses as pages and events show them: enough to recognise, not enough to harvest. */
public final class Masking {

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

    /** +4915112345678 becomes +49 *** 78: the country and the last two digits. CONTRACT: sms-core lane. */
    public static String phone(String e164) {
        throw new UnsupportedOperationException("sms-core lane");
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
