package dev.gatehouse.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class OidcBrowserTest {

    @Test
    void pkceChallengeMatchesRfc7636AppendixB() {
        assertEquals("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
                OidcBrowser.s256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"));
    }

    @Test
    void findsTheLoginFormActionAndUnescapesIt() {
        String html = "<form id=\"kc-locale\" action=\"/other\"></form>"
                + "<form id=\"kc-form-login\" onsubmit=\"x\" action=\"http://localhost:1/realms/demo/login-actions/"
                + "authenticate?session_code=a&amp;execution=b\" method=\"post\">";
        assertEquals("http://localhost:1/realms/demo/login-actions/authenticate?session_code=a&execution=b",
                OidcBrowser.formAction(html));
    }

    @Test
    void pageWithoutLoginFormIsAnError() {
        assertThrows(IllegalStateException.class, () -> OidcBrowser.formAction("<html><body>We are sorry</body></html>"));
    }

    @Test
    void readsTheMessageOfALoginPage() {
        String html = "<span class=\"pf-v5-c-helper-text__item-text pf-m-error kc-feedback-text\">\n   Invalid username or password.\n  </span>";
        assertEquals("page says: Invalid username or password.", OidcBrowser.pageMessage(html).orElseThrow());
    }

    @Test
    void cookieJarSendsSecureCookiesToLoopbackOnly() throws Exception {
        LoopbackCookieHandler jar = new LoopbackCookieHandler();
        jar.put(URI.create("http://localhost:8080/realms/demo/"),
                Map.of("Set-Cookie", List.of("AUTH_SESSION_ID=abc;Version=1;Path=/realms/demo/;Secure;HttpOnly;SameSite=None")));

        Map<String, List<String>> toLocalhost = jar.get(URI.create("http://localhost:8081/realms/demo/login-actions/x"), Map.of());
        assertTrue(toLocalhost.getOrDefault("Cookie", List.of()).toString().contains("AUTH_SESSION_ID"), toLocalhost.toString());

        jar.put(URI.create("http://example.test/realms/demo/"),
                Map.of("Set-Cookie", List.of("REMOTE=1;Version=1;Path=/;Secure")));
        Map<String, List<String>> toRemote = jar.get(URI.create("http://example.test/realms/demo/"), Map.of());
        assertTrue(toRemote.getOrDefault("Cookie", List.of()).isEmpty(), "a Secure cookie never goes to a remote host over HTTP");
    }
}
