package dev.gatehouse.authenticators.sms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.gatehouse.authenticators.sms.PhoneNumbers.Checked;
import dev.gatehouse.authenticators.sms.PhoneNumbers.Refusal;

class PhoneNumbersTest {

    static PhoneNumbers numbers(String defaultRegion, String allowedCountries) {
        return numbers(defaultRegion, allowedCountries, "");
    }

    static PhoneNumbers numbers(String defaultRegion, String allowedCountries, String types) {
        return new PhoneNumbers(SmsSettings.from(Map.of(SmsOption.DEFAULT_REGION.key(), defaultRegion,
                SmsOption.ALLOWED_COUNTRIES.key(), allowedCountries, SmsOption.ALLOWED_NUMBER_TYPES.key(), types)));
    }

    final PhoneNumbers us = numbers("US", "");
    final PhoneNumbers germany = numbers("DE", "");
    final PhoneNumbers europe = numbers("DE", "DE,FR,GB");

    static void assertAccepted(String e164, String region, String type, Checked c) {
        assertEquals(new Checked(e164, region, type, null), c);
        assertTrue(c.ok());
    }

    static void assertRefused(Refusal why, Checked c) {
        assertEquals(new Checked(null, null, null, why), c);
    }

    @Test
    void usNumberTypedNationallyBecomesE164() {
        assertAccepted("+16502530000", "US", "FIXED_LINE_OR_MOBILE", us.check("(650) 253-0000"));
        assertAccepted("+16502530000", "US", "FIXED_LINE_OR_MOBILE", us.check("+1 650.253.0000"));
    }

    @Test
    void germanMobileInEveryCommonNotation() {
        for (String typed : new String[]{"+49 151 23456789", "+49 (0)151 2345 6789", "0151-2345 6789", "0049 151 23456789",
                "+4915123456789", " 0151/23456789 "}) {
            assertAccepted("+4915123456789", "DE", "MOBILE", germany.check(typed));
        }
    }

    @Test
    void germanLandlineIsRefusedByDefault() {
        assertRefused(Refusal.TYPE_NOT_ALLOWED, germany.check("+49 30 12345678"));
        assertRefused(Refusal.TYPE_NOT_ALLOWED, germany.check("030 12345678"));
    }

    @Test
    void landlineIsAcceptedWhenTheAdminAllowsIt() {
        assertAccepted("+493012345678", "DE", "FIXED_LINE", numbers("DE", "", "MOBILE,FIXED_LINE").check("030 12345678"));
    }

    @Test
    void premiumRateNumbersAreRefused() {
        assertRefused(Refusal.TYPE_NOT_ALLOWED, germany.check("+49 900 1234567"));
        assertRefused(Refusal.TYPE_NOT_ALLOWED, europe.check("+44 843 123 4567"));
        assertRefused(Refusal.TYPE_NOT_ALLOWED, europe.check("+44 901 234 5678"));
    }

    @Test
    void frenchMobileNeedsFranceAllowed() {
        assertAccepted("+33612345678", "FR", "MOBILE", europe.check("+33 6 12 34 56 78"));
        assertRefused(Refusal.COUNTRY_NOT_ALLOWED, germany.check("+33 6 12 34 56 78"));
    }

    @Test
    void emptyAllowlistMeansTheDefaultRegionOnly() {
        assertRefused(Refusal.COUNTRY_NOT_ALLOWED, us.check("+49 151 23456789"));
        assertRefused(Refusal.COUNTRY_NOT_ALLOWED, germany.check("+1 650 253 0000"));
    }

    @Test
    void allowlistWithSeveralRegions() {
        assertAccepted("+4915123456789", "DE", "MOBILE", europe.check("+49 151 23456789"));
        assertAccepted("+447400123456", "GB", "MOBILE", europe.check("+44 7400 123456"));
        assertRefused(Refusal.COUNTRY_NOT_ALLOWED, europe.check("+1 650 253 0000"));
        // A listed allowlist replaces the default region: it is not added implicitly.
        assertRefused(Refusal.COUNTRY_NOT_ALLOWED, numbers("DE", "FR").check("0151 23456789"));
    }

    @Test
    void nonGeographicNumbersHaveNoCountry() {
        assertRefused(Refusal.COUNTRY_NOT_ALLOWED, us.check("+800 1234 5678"));
    }

    @Test
    void lettersAndExtensionsAreInvalid() {
        assertRefused(Refusal.INVALID, us.check("1-800-FLOWERS"));
        assertRefused(Refusal.INVALID, us.check("+1 650 253 0000 ext. 12"));
        assertRefused(Refusal.INVALID, us.check("abc"));
        assertRefused(Refusal.INVALID, germany.check("+49 151 2345678x"));
    }

    @Test
    void fullwidthDigitsNormaliseToAscii() {
        // What a Japanese input method types: libphonenumber reads them, and only ASCII leaves the check.
        assertAccepted("+4915123456789", "DE", "MOBILE", germany.check("\uFF0B\uFF14\uFF19\uFF11\uFF15\uFF11\uFF12\uFF13\uFF14\uFF15\uFF16\uFF17\uFF18\uFF19"));
    }

    @Test
    void unparsableAndInvalidInputIsInvalidNeverAnException() {
        for (String typed : new String[]{null, "", "   ", "+", "++49", "0", "12", "+49 151", "+999 1234567", "+1 000 000 0000",
                "\u0000", "+49\u0000151 23456789", "<script>", "--", "((()))", "+49 151 23456789 23456789 23456789"}) {
            assertRefused(Refusal.INVALID, germany.check(typed));
        }
    }

    @Test
    void hugeInputIsRefusedBeforeParsing() {
        assertRefused(Refusal.INVALID, germany.check("1".repeat(10_240)));
        assertRefused(Refusal.INVALID, germany.check("+49 151 23456789" + " ".repeat(PhoneNumbers.MAX_TYPED)));
    }

    @Test
    void regionOfStoredNumbers() {
        assertEquals("DE", PhoneNumbers.regionOf("+4915123456789"));
        assertEquals("US", PhoneNumbers.regionOf("+16502530000"));
        assertEquals("ZZ", PhoneNumbers.regionOf("+80012345678"));
        assertEquals("ZZ", PhoneNumbers.regionOf("+999123456"));
        assertEquals("ZZ", PhoneNumbers.regionOf("0151 23456789"));
        assertEquals("ZZ", PhoneNumbers.regionOf(null));
        assertEquals("ZZ", PhoneNumbers.regionOf(""));
    }

    @Test
    void refusalsCarryNothingElse() {
        Checked c = germany.check("+49 900 1234567");
        assertNull(c.e164());
        assertNull(c.region());
        assertNull(c.type());
    }
}
