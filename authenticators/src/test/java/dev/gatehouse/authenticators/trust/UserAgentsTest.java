package dev.gatehouse.authenticators.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class UserAgentsTest {

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36 | Chrome on Linux | chrome
            Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/142.0.0.0 Safari/537.36 | Chrome on Linux | chrome
            Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36 | Chrome on Windows | chrome
            Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36 | Chrome on macOS | chrome
            Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36 | Chrome on ChromeOS | chrome
            Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Mobile Safari/537.36 | Chrome on Android | chrome
            Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/142.0.7444.46 Mobile/15E148 Safari/604.1 | Chrome on iOS | chrome
            Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:145.0) Gecko/20100101 Firefox/145.0 | Firefox on Windows | firefox
            Mozilla/5.0 (X11; Linux x86_64; rv:145.0) Gecko/20100101 Firefox/145.0 | Firefox on Linux | firefox
            Mozilla/5.0 (Android 15; Mobile; rv:145.0) Gecko/145.0 Firefox/145.0 | Firefox on Android | firefox
            Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/145.0 Mobile/15E148 Safari/605.1.15 | Firefox on iOS | firefox
            Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/26.1 Safari/605.1.15 | Safari on macOS | safari
            Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/26.0 Mobile/15E148 Safari/604.1 | Safari on iOS | safari
            Mozilla/5.0 (iPad; CPU OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/26.0 Mobile/15E148 Safari/604.1 | Safari on iOS | safari
            Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36 Edg/142.0.0.0 | Edge on Windows | edge
            Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36 Edg/142.0.0.0 | Edge on macOS | edge
            Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Mobile Safari/537.36 EdgA/142.0.0.0 | Edge on Android | edge
            Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36 OPR/125.0.0.0 | Opera on Windows | opera
            Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Mobile Safari/537.36 OPR/92.0.0.0 | Opera on Android | opera
            Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 | Unknown browser on iOS | other
            curl/8.5.0 | Unknown browser | other
            Wget/1.21.4 (linux-gnu) | Unknown browser | other
            Mozilla/5.0 | Unknown browser | other
            """)
    void namesAndFamilies(String header, String name, String family) {
        assertEquals(name, UserAgents.name(header));
        assertEquals(family, UserAgents.family(header));
    }

    @Test
    void nullBlankAndOverlongAreUnknown() {
        for (String header : new String[] {null, "", "   ", "\t",
                "Mozilla/5.0 (X11; Linux x86_64) Chrome/142.0.0.0 Safari/537.36 " + "x".repeat(2000)}) {
            assertEquals("Unknown browser", UserAgents.name(header));
            assertEquals("other", UserAgents.family(header));
        }
    }

    @Test
    void neverEchoesTheHeader() {
        String[] hostile = {
                "<script>alert(1)</script>",
                "Mozilla/5.0 (X11; <img src=x onerror=alert(1)> Linux) Chrome/1 <b>bold</b>",
                "\"><svg/onload=alert(1)> Firefox/1 Windows",
                "Chrome/1 ${jndi:ldap://x/a} {{7*7}} \r\nSet-Cookie: a=b",
        };
        Set<String> families = Set.of("chrome", "firefox", "safari", "edge", "opera", "other");
        for (String header : hostile) {
            String name = UserAgents.name(header);
            assertTrue(name.matches("(Chrome|Firefox|Safari|Edge|Opera|Unknown browser)( on (Windows|macOS|Linux|ChromeOS|Android|iOS))?"),
                    name);
            assertFalse(name.contains("<") || name.contains("$") || name.contains("\n"), name);
            assertTrue(families.contains(UserAgents.family(header)));
        }
        assertEquals("Chrome on Linux", UserAgents.name(hostile[1]));
    }
}
