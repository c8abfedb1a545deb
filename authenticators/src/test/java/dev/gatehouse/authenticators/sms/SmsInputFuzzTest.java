package dev.gatehouse.authenticators.sms;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.gatehouse.testsupport.FuzzInputs;
import dev.gatehouse.testsupport.FuzzTally;

/**
 * Hostile input to the SMS core: what a user types as a phone number, and every realm option. The number check
 * never throws and only ever returns ASCII E.164; an option either parses or is refused with an
 * IllegalArgumentException that names it and quotes the value only when it is short printable ASCII (a secret never).
 */
class SmsInputFuzzTest {

    static final int INPUTS = 1000;
    static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");
    /** Every sender's required options, so the sender option's fuzz meets no missing-option refusal. */
    static final Map<String, String> COMPLETE = Map.of(
            SmsOption.TWILIO_ACCOUNT_SID.key(), valid(SmsOption.TWILIO_ACCOUNT_SID)[0],
            SmsOption.TWILIO_SECRET.key(), valid(SmsOption.TWILIO_SECRET)[0],
            SmsOption.TWILIO_FROM.key(), valid(SmsOption.TWILIO_FROM)[0],
            SmsOption.TWILIO_VERIFY_SERVICE_SID.key(), valid(SmsOption.TWILIO_VERIFY_SERVICE_SID)[0]);
    static final Pattern SHORT_PRINTABLE = Pattern.compile("[\\x20-\\x7e]{1,40}");

    @Test
    void typedNumbersAreCheckedNeverThrown() {
        FuzzInputs fuzz = FuzzInputs.fromSystemProperty();
        FuzzTally tally = new FuzzTally(List.of());
        PhoneNumbers numbers = new PhoneNumbers(SmsSettings.from(Map.of(SmsOption.DEFAULT_REGION.key(), "DE",
                SmsOption.ALLOWED_COUNTRIES.key(), "DE,FR,GB,US", SmsOption.ALLOWED_NUMBER_TYPES.key(), "MOBILE,FIXED_LINE_OR_MOBILE,FIXED_LINE")));
        String surface = "typed phone number";
        for (String in : fuzz.texts(surface, INPUTS, 20_000, "+49 151 23456789", "0151 23456789", "(650) 253-0000", "+33612345678")) {
            try {
                PhoneNumbers.Checked c = numbers.check(in);
                String problem = c.ok() && !(E164.matcher(c.e164()).matches() && c.region().matches("[A-Z]{2}"))
                        ? "accepted as " + c : null;
                tally.record(surface, in, c.ok() ? "ok" : c.refusal().name(), problem);
            } catch (RuntimeException e) {
                tally.record(surface, in, e.getClass().getSimpleName(), "threw " + e);
            }
        }
        System.out.println(tally.summary());
        assertTrue(tally.newFailures().isEmpty(), tally.summary());
    }

    @Test
    void everyOptionParsesOrNamesItselfWithoutEchoingInput() {
        FuzzInputs fuzz = FuzzInputs.fromSystemProperty();
        FuzzTally tally = new FuzzTally(List.of());
        for (SmsOption option : SmsOption.values()) {
            String surface = "sms option " + option.key();
            for (String in : fuzz.texts(surface, INPUTS / 2, 5000, valid(option))) {
                try {
                    Map<String, String> config = new HashMap<>(COMPLETE);
                    config.put(option.key(), in);
                    SmsSettings s = SmsSettings.from(config);
                    String problem = option == SmsOption.TWILIO_SECRET || s.toString().length() < 2000 ? null : "huge toString";
                    tally.record(surface, in, "accepted", problem);
                } catch (IllegalArgumentException e) {
                    String m = String.valueOf(e.getMessage());
                    String problem = !m.startsWith(option.key() + " ") ? "message does not name the option: " + m
                            : echoes(m, in, option) ? "message echoes the input: " + m : null;
                    tally.record(surface, in, "refused", problem);
                } catch (RuntimeException e) {
                    tally.record(surface, in, e.getClass().getSimpleName(), "unexpected " + e);
                }
            }
        }
        System.out.println(tally.summary());
        assertTrue(tally.newFailures().isEmpty(), tally.summary());
    }

    /** The input, or its stripped form, in the message: allowed only for short printable ASCII, never for the secret. */
    static boolean echoes(String message, String in, SmsOption option) {
        String quoted = message.contains("'") ? message.substring(message.indexOf('\'')) : "";
        boolean echoed = !in.isBlank() && (quoted.contains(in) || quoted.contains(in.strip()));
        boolean mayQuote = option != SmsOption.TWILIO_SECRET && SHORT_PRINTABLE.matcher(in.strip()).matches();
        boolean quotesOddText = !quoted.isEmpty() && !SHORT_PRINTABLE.matcher(quoted.substring(1, quoted.length() - 1)).matches();
        return echoed && !mayQuote || quotesOddText || option == SmsOption.TWILIO_SECRET && !quoted.isEmpty();
    }

    static String[] valid(SmsOption option) {
        return switch (option) {
            case SENDER -> new String[]{"twilio", "dev"};
            case TWILIO_ACCOUNT_SID -> new String[]{"AC" + "0123456789abcdef".repeat(2)};
            case TWILIO_API_KEY_SID -> new String[]{"SK" + "0123456789abcdef".repeat(2)};
            case TWILIO_MESSAGING_SERVICE_SID -> new String[]{"MG" + "0123456789abcdef".repeat(2)};
            case TWILIO_VERIFY_SERVICE_SID -> new String[]{"VA" + "0123456789abcdef".repeat(2)};
            case TWILIO_SECRET -> new String[]{"0123456789abcdef0123456789abcdef"};
            case TWILIO_FROM -> new String[]{"+15005550006"};
            case TWILIO_API_URL, TWILIO_VERIFY_URL -> new String[]{"https://api.twilio.com", "http://127.0.0.1:8089"};
            case DEFAULT_REGION -> new String[]{"DE", "us"};
            case ALLOWED_COUNTRIES -> new String[]{"DE,FR", "US"};
            case ALLOWED_NUMBER_TYPES -> new String[]{"MOBILE,FIXED_LINE_OR_MOBILE"};
            case ONE_ACCOUNT_PER_NUMBER -> new String[]{"true", "false"};
            default -> new String[]{option.defaultValue(), "1", "3600"};
        };
    }
}
