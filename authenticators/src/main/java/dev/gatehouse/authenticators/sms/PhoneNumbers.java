package dev.gatehouse.authenticators.sms;

import java.util.regex.Pattern;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

/**
 * Normalises what a user typed to E.164 with libphonenumber and applies the realm's number policy: the
 * allowed countries (empty: the default region only) and the allowed number types.
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

    /** The longest input parsed: a number with generous spacing fits, a pasted page doesn't reach the library. */
    static final int MAX_TYPED = 64;
    /** libphonenumber's region for numbers that belong to no country (+800, +882…) and for unknown ones. */
    static final String UNKNOWN_REGION = "ZZ";

    /** The library's own singleton: immutable metadata, safe to share across threads. */
    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");

    private final SmsSettings settings;

    public PhoneNumbers(SmsSettings settings) {
        this.settings = settings;
    }

    /** Checks a typed number (any common notation, with or without +country). Never throws on user input. */
    public Checked check(String typed) {
        if (typed == null || typed.isBlank() || typed.length() > MAX_TYPED || hasLetter(typed)) {
            // Letters: libphonenumber would read vanity numbers (1-800-FLOWERS) and extensions ("ext. 12"); a
            // number that receives SMS needs neither.
            return refused(Refusal.INVALID);
        }
        PhoneNumber number;
        try {
            number = UTIL.parse(typed, settings.defaultRegion());
        } catch (NumberParseException | RuntimeException e) {
            return refused(Refusal.INVALID);
        }
        if (number.hasExtension() || !UTIL.isValidNumber(number)) {
            return refused(Refusal.INVALID);
        }
        String region = UTIL.getRegionCodeForNumber(number);
        if (region == null || !settings.effectiveCountries().contains(region)) {
            return refused(Refusal.COUNTRY_NOT_ALLOWED);
        }
        String type = UTIL.getNumberType(number).name();
        if (!settings.allowedNumberTypes().contains(type)) {
            return refused(Refusal.TYPE_NOT_ALLOWED);
        }
        return new Checked(UTIL.format(number, PhoneNumberUtil.PhoneNumberFormat.E164), region, type, null);
    }

    /** The ISO region of an E.164 number already stored (for budgets and metrics); "ZZ" when unknown. */
    public static String regionOf(String e164) {
        if (e164 == null || !E164.matcher(e164).matches()) {
            return UNKNOWN_REGION;
        }
        try {
            String region = UTIL.getRegionCodeForNumber(UTIL.parse(e164, UNKNOWN_REGION));
            // "001" (non-geographic numbers) is no ISO region: metrics keep to ISO codes and ZZ.
            return region == null || region.length() != 2 ? UNKNOWN_REGION : region;
        } catch (NumberParseException e) {
            return UNKNOWN_REGION;
        }
    }

    private static boolean hasLetter(String s) {
        return s.codePoints().anyMatch(Character::isLetter);
    }

    private static Checked refused(Refusal why) {
        return new Checked(null, null, null, why);
    }
}
