package dev.gatehouse.authenticators.sms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class SmsSettingsTest {

    static final String ACCOUNT = "AC" + "0123456789abcdef".repeat(2);
    static final String API_KEY = "SK" + "0123456789abcdef".repeat(2);
    static final String MESSAGING = "MG" + "0123456789ABCDEF".repeat(2);
    static final String VERIFY = "VA" + "fedcba9876543210".repeat(2);
    static final String SECRET = "s3cr3t-T0ken-Value";

    static Map<String, String> twilio() {
        Map<String, String> c = new HashMap<>();
        c.put(SmsOption.SENDER.key(), "twilio");
        c.put(SmsOption.TWILIO_ACCOUNT_SID.key(), ACCOUNT);
        c.put(SmsOption.TWILIO_SECRET.key(), SECRET);
        c.put(SmsOption.TWILIO_FROM.key(), "+15005550006");
        return c;
    }

    static Map<String, String> with(Map<String, String> base, SmsOption option, String value) {
        Map<String, String> c = new HashMap<>(base);
        c.put(option.key(), value);
        return c;
    }

    static IllegalArgumentException refused(Map<String, String> config, SmsOption option) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SmsSettings.from(config));
        assertTrue(e.getMessage().startsWith(option.key() + " "), e.getMessage());
        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
        return e;
    }

    @Test
    void defaultsAreTheDeclaredOnes() {
        SmsSettings s = SmsSettings.from(null);
        assertEquals(s, SmsSettings.from(Map.of()));
        assertEquals(s, SmsSettings.DEFAULTS);
        assertEquals("", s.sender());
        assertEquals("https://api.twilio.com", s.twilioApiUrl());
        assertEquals("https://verify.twilio.com", s.twilioVerifyUrl());
        assertEquals("US", s.defaultRegion());
        assertEquals(Set.of(), s.allowedCountries());
        assertEquals(Set.of("US"), s.effectiveCountries());
        assertEquals(Set.of("MOBILE", "FIXED_LINE_OR_MOBILE"), s.allowedNumberTypes());
        assertFalse(s.oneAccountPerNumber());
        assertEquals(List.of(10, 50, 10, 200, 1000, 30), List.of(s.dailyPerDestination(), s.dailyPerIp(), s.dailyPerUser(),
                s.dailyPerCountry(), s.dailyRealmCap(), s.delayBaseSeconds()));
        for (SmsOption o : SmsOption.values()) {
            if (o.kind() == SmsOption.Kind.NUMBER) {
                assertTrue(o.defaultValue().matches("[0-9]+"), o.key());
            }
        }
    }

    @Test
    void blankValuesKeepTheDefaults() {
        Map<String, String> c = new HashMap<>();
        for (SmsOption o : SmsOption.values()) {
            c.put(o.key(), " ");
        }
        assertEquals(SmsSettings.DEFAULTS, SmsSettings.from(c));
    }

    @Test
    void twilioSettingsParse() {
        Map<String, String> c = twilio();
        c.put(SmsOption.TWILIO_API_KEY_SID.key(), API_KEY);
        c.put(SmsOption.DEFAULT_REGION.key(), "de");
        c.put(SmsOption.ALLOWED_COUNTRIES.key(), " de, fr ,GB,");
        c.put(SmsOption.ALLOWED_NUMBER_TYPES.key(), "mobile, VOIP");
        c.put(SmsOption.ONE_ACCOUNT_PER_NUMBER.key(), "true");
        c.put(SmsOption.DAILY_REALM_CAP.key(), "100000");
        c.put(SmsOption.DELAY_BASE.key(), "0");
        c.put(SmsOption.TWILIO_API_URL.key(), "https://api.dublin.ie1.twilio.com/");
        SmsSettings s = SmsSettings.from(c);
        assertEquals("twilio", s.sender());
        assertEquals(API_KEY, s.twilioApiKeySid());
        assertEquals(SECRET, s.twilioSecret());
        assertEquals("DE", s.defaultRegion());
        assertEquals(List.of("DE", "FR", "GB"), List.copyOf(s.allowedCountries()));
        assertEquals(Set.of("MOBILE", "VOIP"), s.allowedNumberTypes());
        assertTrue(s.oneAccountPerNumber());
        assertEquals(100_000, s.dailyRealmCap());
        assertEquals(0, s.delayBaseSeconds());
        assertEquals("https://api.dublin.ie1.twilio.com", s.twilioApiUrl());
    }

    @Test
    void twilioNeedsAccountSecretAndASender() {
        refused(with(twilio(), SmsOption.TWILIO_ACCOUNT_SID, ""), SmsOption.TWILIO_ACCOUNT_SID);
        refused(with(twilio(), SmsOption.TWILIO_SECRET, ""), SmsOption.TWILIO_SECRET);
        refused(with(twilio(), SmsOption.TWILIO_FROM, ""), SmsOption.TWILIO_FROM);
        SmsSettings viaService = SmsSettings.from(with(with(twilio(), SmsOption.TWILIO_FROM, ""),
                SmsOption.TWILIO_MESSAGING_SERVICE_SID, MESSAGING));
        assertEquals(MESSAGING, viaService.twilioMessagingServiceSid());
    }

    @Test
    void twilioVerifyNeedsAccountSecretAndService() {
        Map<String, String> c = with(with(twilio(), SmsOption.SENDER, "twilio-verify"), SmsOption.TWILIO_FROM, "");
        refused(c, SmsOption.TWILIO_VERIFY_SERVICE_SID);
        assertEquals(VERIFY, SmsSettings.from(with(c, SmsOption.TWILIO_VERIFY_SERVICE_SID, VERIFY)).twilioVerifyServiceSid());
        refused(with(with(c, SmsOption.TWILIO_VERIFY_SERVICE_SID, VERIFY), SmsOption.TWILIO_SECRET, ""), SmsOption.TWILIO_SECRET);
    }

    @Test
    void devSenderNeedsNothingElse() {
        assertEquals("dev", SmsSettings.from(Map.of(SmsOption.SENDER.key(), "dev")).sender());
    }

    @Test
    void eachBadValueNamesItsOption() {
        Map<SmsOption, List<String>> bad = new java.util.LinkedHashMap<>();
        bad.put(SmsOption.SENDER, List.of("Twilio", "sns", "dev2", "twilio verify"));
        bad.put(SmsOption.TWILIO_ACCOUNT_SID, List.of("AC123", "SK" + "0".repeat(32), "AC" + "g".repeat(32), "AC" + "0".repeat(31) + "/",
                "AC" + "0".repeat(32) + "/../x", "AC" + "\uFF10".repeat(32)));
        bad.put(SmsOption.TWILIO_API_KEY_SID, List.of("AC" + "0".repeat(32), "SK" + "0".repeat(33)));
        bad.put(SmsOption.TWILIO_MESSAGING_SERVICE_SID, List.of("MG", "MG" + "0".repeat(32) + "?x=1"));
        bad.put(SmsOption.TWILIO_VERIFY_SERVICE_SID, List.of("VA" + "0".repeat(16), "va" + "0".repeat(32)));
        bad.put(SmsOption.TWILIO_FROM, List.of("15005550006", "+0123", "+1 500 555 0006", "Gatehouse", "+1234567890123456"));
        bad.put(SmsOption.TWILIO_API_URL, List.of("http://api.twilio.com", "ftp://api.twilio.com", "https://user:pw@api.twilio.com",
                "https://api.twilio.com?x=1", "https://api.twilio.com#f", "api.twilio.com", "https://", "https://api.twilio.com:99999",
                "http://127.0.0.1.evil.com", "http://localhost.evil.com", "http://10.0.0.1:8080", "javascript:alert(1)"));
        bad.put(SmsOption.TWILIO_VERIFY_URL, List.of("http://verify.twilio.com", "https://verify.twilio.com/a b"));
        bad.put(SmsOption.DEFAULT_REGION, List.of("UK", "XX", "ZZ", "001", "DEU", "\u0131t", "d"));
        bad.put(SmsOption.ALLOWED_COUNTRIES, List.of("DE,UK", "DE;FR", "ZZ"));
        bad.put(SmsOption.ALLOWED_NUMBER_TYPES, List.of("CELL", "MOBILE,LANDLINE", ",", "mob\u0131le"));
        bad.put(SmsOption.ONE_ACCOUNT_PER_NUMBER, List.of("yes", "TRUE", "1", "False"));
        for (SmsOption budget : List.of(SmsOption.DAILY_PER_DESTINATION, SmsOption.DAILY_PER_IP, SmsOption.DAILY_PER_USER,
                SmsOption.DAILY_PER_COUNTRY, SmsOption.DAILY_REALM_CAP)) {
            bad.put(budget, List.of("0", "-1", "+5", "100001", "2147483648", "1e3", "5.0", "\uFF15", "\u0665", "ten"));
        }
        bad.put(SmsOption.DELAY_BASE, List.of("-1", "3601", "30s", "\u0663\u0660"));
        bad.forEach((option, values) -> values.forEach(v -> {
            IllegalArgumentException e = refused(with(twilio(), option, v), option);
            // Short printable values are quoted (lists quote the entry at fault); nothing else is.
            boolean shortAscii = v.matches("[\\x20-\\x7e]{1,40}");
            boolean list = option == SmsOption.ALLOWED_COUNTRIES || option == SmsOption.ALLOWED_NUMBER_TYPES;
            if (!shortAscii || !list) {
                assertEquals(shortAscii, e.getMessage().contains("'" + v + "'"), e.getMessage());
            }
        }));
    }

    @Test
    void httpOnlyToLoopbackWhereTheTestFakesListen() {
        for (String url : List.of("http://127.0.0.1:8089", "http://[::1]:8089/", "http://localhost:8089/twilio", "http://LOCALHOST")) {
            assertTrue(SmsSettings.from(with(twilio(), SmsOption.TWILIO_API_URL, url)).twilioApiUrl().startsWith("http://"), url);
            assertTrue(SmsSettings.from(with(twilio(), SmsOption.TWILIO_VERIFY_URL, url)).twilioVerifyUrl().startsWith("http://"), url);
        }
        refused(with(twilio(), SmsOption.TWILIO_API_URL, "http://192.168.1.10:8089"), SmsOption.TWILIO_API_URL);
        refused(with(twilio(), SmsOption.TWILIO_VERIFY_URL, "http://example.com"), SmsOption.TWILIO_VERIFY_URL);
    }

    @Test
    void theSecretIsNeverQuoted() {
        for (String secret : List.of("has space", "tab\there", "ctl\u0001", "\u00e9t\u00e9", "x".repeat(257))) {
            IllegalArgumentException e = refused(with(twilio(), SmsOption.TWILIO_SECRET, secret), SmsOption.TWILIO_SECRET);
            assertFalse(e.getMessage().contains(secret), e.getMessage());
            assertFalse(e.getMessage().contains(secret.strip()), e.getMessage());
        }
        // Other options' errors don't quote it either.
        for (SmsOption o : SmsOption.values()) {
            if (o != SmsOption.TWILIO_SECRET && o != SmsOption.SENDER) {
                try {
                    SmsSettings.from(with(twilio(), o, "bad value"));
                } catch (IllegalArgumentException e) {
                    assertFalse(e.getMessage().contains(SECRET), e.getMessage());
                }
            }
        }
    }

    @Test
    void toStringNeverShowsTheSecret() {
        SmsSettings s = SmsSettings.from(twilio());
        assertFalse(s.toString().contains(SECRET), s.toString());
        assertTrue(s.toString().contains("twilioSecret=(set)"), s.toString());
        assertTrue(s.toString().contains(ACCOUNT), s.toString());
        assertTrue(SmsSettings.DEFAULTS.toString().contains("twilioSecret=(unset)"));
    }

    @Test
    void parsingDoesNotDependOnTheDefaultLocale() {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("tr-TR"));
            SmsSettings s = SmsSettings.from(Map.of(SmsOption.DEFAULT_REGION.key(), "it", SmsOption.ALLOWED_NUMBER_TYPES.key(), "mobile"));
            assertEquals("IT", s.defaultRegion());
            assertEquals(Set.of("MOBILE"), s.allowedNumberTypes());
        } finally {
            Locale.setDefault(saved);
        }
    }
}
