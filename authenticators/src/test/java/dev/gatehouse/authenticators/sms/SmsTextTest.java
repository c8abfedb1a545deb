package dev.gatehouse.authenticators.sms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SmsTextTest {

    @Test
    void webOtpLineComesLastAfterABlankLine() {
        assertEquals("123456 is your sign-in code for Example.\n\n@login.example.com #123456",
                SmsText.body("123456 is your sign-in code for Example.", "login.example.com", "123456"));
    }

    @Test
    void introMayHaveSeveralLinesAndTrailingSpace() {
        assertEquals("Line one\nLine two\n\n@example.com #0042", SmsText.body("Line one\nLine two\n\n", "example.com", "0042"));
    }

    @Test
    void withoutIntroOnlyTheWebOtpLine() {
        assertEquals("@example.com #123456", SmsText.body(null, "example.com", "123456"));
        assertEquals("@example.com #123456", SmsText.body("  ", "example.com", "123456"));
    }

    @Test
    void hostIsLowerCasedWithoutATrailingDot() {
        assertEquals("@login.example.com #123456", SmsText.body("", "Login.EXAMPLE.com.", "123456"));
    }

    @Test
    void ipAddressesAreHosts() {
        assertEquals("@127.0.0.1 #123456", SmsText.body("", "127.0.0.1", "123456"));
        assertEquals("@[::1] #123456", SmsText.body("", "[::1]", "123456"));
    }

    @Test
    void hostsThatWouldBreakTheFormatAreRefused() {
        for (String host : new String[]{null, "", "example.com #999999", "example.com\n@evil.com", "evil.com:8443", "exa mple.com",
                "@evil.com", "-example.com", "example..com", "a".repeat(64) + ".com", "x.".repeat(127) + "com", "münchen.de",
                "example.com/path", "user@example.com"}) {
            assertThrows(IllegalArgumentException.class, () -> SmsText.body("intro", host, "123456"), String.valueOf(host));
        }
    }

    @Test
    void codesMustBeAsciiDigits() {
        for (String code : new String[]{null, "", "12 34", "12a456", "123456\n@evil.com #1", "\uFF11\uFF12\uFF13", "\u0661\u0662"}) {
            assertThrows(IllegalArgumentException.class, () -> SmsText.body("intro", "example.com", code), String.valueOf(code));
        }
    }
}
