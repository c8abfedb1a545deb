package dev.gatehouse.vault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SecretRefAndNamesTest {

    @Test
    void referencesParse() {
        assertEquals(new SecretRef(null, "smtp-password", null, null), SecretRef.parse("smtp-password"));
        assertEquals(new SecretRef("aws", "smtp", "AWSPREVIOUS", "password"), SecretRef.parse("aws:smtp@AWSPREVIOUS#password"));
        assertEquals(new SecretRef("hashicorp", "idp/google", "3", "client_secret"), SecretRef.parse("hashicorp:idp/google@3#client_secret"));
        SecretRef plain = SecretRef.parse("env:smtp");
        assertEquals("env", plain.backend());
        assertNull(plain.field());
    }

    @Test
    void traversalAndOddCharactersAreRefusedWithAReason() {
        for (String bad : new String[] {"../other/smtp", "a/../../b", "./x", "/abs", "trailing/", "a//b", "sp ace", "semi;colon",
                "x#", "@1", "aws:", "a\nb", "%2e%2e/x", "a\\b"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SecretRef.parse(bad), bad);
            assertTrue(!e.getMessage().isBlank(), bad);
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SecretRef.parse("x/../y")).getMessage().contains("traversal"));
    }

    @Test
    void namesStayInsideTheRealmsPrefix() {
        SecretNames names = new SecretNames("keycloak/{realm}/{name}", false, "KC_VAULT_");
        assertEquals("keycloak/demo/smtp", names.path("demo", SecretRef.parse("smtp")));
        assertEquals("keycloak/demo/idp/google", names.path("demo", SecretRef.parse("aws:idp/google#secret")));
        assertThrows(IllegalArgumentException.class, () -> new SecretNames("shared/{name}", false, "KC_VAULT_"));
        assertEquals("shared/smtp", new SecretNames("shared/{name}", true, "KC_VAULT_").path("demo", SecretRef.parse("smtp")));
    }

    @Test
    void environmentNamesAreOneToOneAcrossRealms() {
        SecretNames names = new SecretNames("keycloak/{realm}/{name}", false, "KC_VAULT_");
        assertEquals("KC_VAULT_demo__smtp_2Dpassword", names.environmentVariable("demo", SecretRef.parse("smtp-password")));
        // Realm "a_b" + "c" must not meet realm "a" + "b_c", nor "a-b" meet "a_b".
        assertNotEquals(names.environmentVariable("a_b", SecretRef.parse("c")), names.environmentVariable("a", SecretRef.parse("b_c")));
        assertNotEquals(names.environmentVariable("a-b", SecretRef.parse("c")), names.environmentVariable("a_b", SecretRef.parse("c")));
        assertNotEquals(names.environmentVariable("Demo", SecretRef.parse("c")), names.environmentVariable("demo", SecretRef.parse("c")));
    }

    @Test
    void flatNamesKeepRealmsApartInLettersDigitsAndDashes() {
        SecretNames names = new SecretNames("keycloak/{realm}/{name}", false, "KC_VAULT_");
        org.junit.jupiter.api.Assertions.assertEquals("keycloak--demo--smtp-2Dpassword", names.flat("demo", SecretRef.parse("smtp-password")));
        org.junit.jupiter.api.Assertions.assertEquals("keycloak--a-2Db--c", names.flat("a-b", SecretRef.parse("c")));
        org.junit.jupiter.api.Assertions.assertEquals("keycloak--a--b-2Dc", names.flat("a", SecretRef.parse("b-c")));
        org.junit.jupiter.api.Assertions.assertEquals("keycloak--demo--idp--google-5Fsecret-2E1", names.flat("demo", SecretRef.parse("idp/google_secret.1")));
        org.junit.jupiter.api.Assertions.assertEquals("keycloak--r-C3-A9alm--x", names.flat("r\u00e9alm", SecretRef.parse("x")));
        // One-to-one: distinct (realm, name) pairs never meet.
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String realm : java.util.List.of("a", "a-b", "a--b", "a_b", "a-2Db")) {
            for (String name : java.util.List.of("b", "b-c", "c", "2D", "-", "b/c", "b--c")) {
                org.junit.jupiter.api.Assertions.assertTrue(seen.add(names.flat(realm, SecretRef.parse(name.equals("-") ? "x-" : name))),
                        realm + " " + name);
            }
        }
    }

    @Test
    void realmNamesThatWouldLeaveThePrefixAreRefused() {
        SecretNames names = new SecretNames("keycloak/{realm}/{name}", false, "KC_VAULT_");
        for (String realm : new String[] {"..", ".", "", "demo/../master", "a\\b", "{name}", "x{realm}", "a\nb"}) {
            assertThrows(IllegalArgumentException.class, () -> names.path(realm, SecretRef.parse("smtp")), realm);
            assertThrows(IllegalArgumentException.class, () -> names.flat(realm, SecretRef.parse("smtp")), realm);
        }
        // Substitution is one pass: a name can't smuggle a placeholder back in (names can't hold braces anyway).
        assertEquals("keycloak/demo/x", names.path("demo", SecretRef.parse("x")));
    }

    @Test
    void aFieldSelectionWipesTheWholeSecretItCameFrom() {
        byte[][] handedOut = new byte[1][];
        SecretBackend json = new SecretBackend() {
            @Override
            public String id() {
                return "aws";
            }

            @Override
            public FetchedSecret fetch(String name, String version) {
                handedOut[0] = "{\"user\":\"u\",\"password\":\"p\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
                return FetchedSecret.of(handedOut[0]);
            }

            @Override
            public void check() {
            }
        };
        SecretResolver r = new SecretResolver(java.util.Map.of("aws", json), "aws", new SecretNames("keycloak/{realm}/{name}", false, "KC_VAULT_"),
                new SecretCache(java.time.Clock.systemUTC(), java.time.Duration.ofMinutes(5), java.time.Duration.ofSeconds(30),
                        java.time.Duration.ofHours(1), java.time.Duration.ofSeconds(5), java.time.Duration.ofMinutes(5)));
        assertEquals("p", new String(r.resolve("demo", "smtp#password").value().orElseThrow(), java.nio.charset.StandardCharsets.UTF_8));
        assertTrue(new String(handedOut[0], java.nio.charset.StandardCharsets.UTF_8).chars().allMatch(c -> c == 0), "the user name went too");
        // Prepared once, the reference answers the same from the cache; a bad one is refused every time.
        assertEquals("p", new String(r.resolve("demo", "smtp#password").value().orElseThrow(), java.nio.charset.StandardCharsets.UTF_8));
        assertThrows(IllegalArgumentException.class, () -> r.resolve("demo", "../x"));
        assertThrows(IllegalArgumentException.class, () -> r.resolve("demo", "../x"));
    }
}
