package dev.gatehouse.authenticators.sms;

/**
 * Normalises what a user typed to E.164 with libphonenumber and applies the realm's number policy: the
 * allowed countries (empty: the default region only) and the allowed number types.
 *
 * <p>CONTRACT (skeleton): the sms-core lane implements {@link #check}; the signatures are fixed.
 */
public final class PhoneNumbers {

    /** Why a number is refused; each has a localized message on the enrolment page. */
    public enum Refusal { INVALID, COUNTRY_NOT_ALLOWED, TYPE_NOT_ALLOWED }

    /** A checked number: E.164 form, its ISO region and libphonenumber type name; or a refusal (other fields null). */
    public record Checked(String e164, String region, String type, Refusal refusal) {
        public boolean ok() {
            return refusal == null;
        }
    }

    private final SmsSettings settings;

    public PhoneNumbers(SmsSettings settings) {
        this.settings = settings;
    }

    /** Checks a typed number (any common notation, with or without +country). Never throws on user input. */
    public Checked check(String typed) {
        throw new UnsupportedOperationException("sms-core lane");
    }

    /** The ISO region of an E.164 number already stored (for budgets and metrics); "ZZ" when unknown. */
    public static String regionOf(String e164) {
        throw new UnsupportedOperationException("sms-core lane");
    }
}
