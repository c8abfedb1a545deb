package dev.gatehouse.authenticators.trust;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.gatehouse.testsupport.FuzzInputs;

class TrustCookieTest {

    static final String REALM = "0f3c2a7e-8d1b-4c5e-9a6f-1b2c3d4e5f60";
    static final String USER = "5a9e1f0c-2b3d-4e5f-8a7b-6c5d4e3f2a10";
    static final String DEVICE = "c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f";
    static final byte[] SECRET = secret(7);
    static final String SECRET_TEXT = Base64.getUrlEncoder().withoutPadding().encodeToString(SECRET);
    static final String VALID = "v1." + REALM + "." + USER + "." + DEVICE + "." + SECRET_TEXT;

    static byte[] secret(int seed) {
        byte[] s = new byte[TrustCookie.SECRET_BYTES];
        new Random(seed).nextBytes(s);
        return s;
    }

    @Test
    void encodesTheDocumentedValue() {
        assertEquals(VALID, new TrustCookie(REALM, USER, DEVICE, SECRET).encode());
        assertEquals(43, SECRET_TEXT.length());
    }

    @Test
    void roundTrips() {
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 200; i++) {
            TrustCookie cookie = new TrustCookie(REALM, "f:ldap-1:user_" + i, "d-" + i, TrustCookie.newSecret(random));
            TrustCookie back = TrustCookie.decode(cookie.encode());
            assertEquals(cookie, back);
            assertArrayEquals(cookie.secret(), back.secret());
            assertEquals(cookie.hashCode(), back.hashCode());
        }
    }

    @Test
    void newSecretsAreThirtyTwoFreshBytes() {
        SecureRandom random = new SecureRandom();
        byte[] a = TrustCookie.newSecret(random);
        byte[] b = TrustCookie.newSecret(random);
        assertEquals(32, a.length);
        assertFalse(Arrays.equals(a, b));
    }

    @Test
    void secretIsCopiedInAndOut() {
        byte[] s = secret(1);
        TrustCookie cookie = new TrustCookie(REALM, USER, DEVICE, s);
        s[0]++;
        cookie.secret()[1]++;
        assertArrayEquals(secret(1), cookie.secret());
    }

    @Test
    void toStringNeverShowsTheSecret() {
        TrustCookie cookie = TrustCookie.decode(VALID);
        assertFalse(cookie.toString().contains(SECRET_TEXT), cookie.toString());
        assertFalse(cookie.toString().contains(Arrays.toString(SECRET)), cookie.toString());
        assertTrue(cookie.toString().contains(DEVICE));
    }

    @Test
    void equalityLooksAtEveryPart() {
        TrustCookie c = new TrustCookie(REALM, USER, DEVICE, SECRET);
        assertEquals(c, new TrustCookie(REALM, USER, DEVICE, SECRET.clone()));
        assertNotEquals(c, new TrustCookie(REALM, USER, DEVICE, secret(8)));
        assertNotEquals(c, new TrustCookie(REALM, USER, "other", SECRET));
        assertNotEquals(c, new TrustCookie(REALM, "other", DEVICE, SECRET));
        assertNotEquals(c, new TrustCookie("other", USER, DEVICE, SECRET));
    }

    @Test
    void refusesToBuildAnUnencodableCookie() {
        assertThrows(IllegalArgumentException.class, () -> new TrustCookie(REALM, "a.b", DEVICE, SECRET));
        assertThrows(IllegalArgumentException.class, () -> new TrustCookie(REALM, "", DEVICE, SECRET));
        assertThrows(IllegalArgumentException.class, () -> new TrustCookie(null, USER, DEVICE, SECRET));
        assertThrows(IllegalArgumentException.class, () -> new TrustCookie(REALM, USER, "x".repeat(129), SECRET));
        assertThrows(IllegalArgumentException.class, () -> new TrustCookie(REALM, USER, DEVICE, new byte[31]));
        assertThrows(IllegalArgumentException.class, () -> new TrustCookie(REALM, USER, DEVICE, null));
    }

    static List<String> malformed() {
        String a42 = "A".repeat(42);
        return List.of(
                "",
                "v1",
                "v2.{r}.{u}.{d}.{s}",                   // wrong version
                "V1.{r}.{u}.{d}.{s}",
                "v1.{r}.{u}.{s}",                       // a part missing
                "{r}.{u}.{d}.{s}",
                "v1.{r}.{u}.{d}.{s}.extra",             // a part too many
                "v1.{r}.{u}.{d}.{s}.",
                ".v1.{r}.{u}.{d}.{s}",
                "v1.{r}.{u}.{d}.{d}.{s}",
                "v1..{u}.{d}.{s}",                      // an empty id
                "v1.{r}..{d}.{s}",
                "v1.{r}.{u}..{s}",
                "v1.{r}.{u}.{d}.",                      // no secret
                "v1.{r}/x.{u}.{d}.{s}",                 // ids outside the charset
                "v1.{r}.{u}<script>.{d}.{s}",
                "v1.{r}.{u}.{d}\u00e9.{s}",
                "v1.{r}.{u} .{d}.{s}",
                "v1.{r}.{u}.{d}.{s} ",
                " v1.{r}.{u}.{d}.{s}",
                "v1.{r}.{u}.{d}.{s}=",                  // padding
                "v1.{r}.{u}.{d}.SHORT",                 // wrong secret length
                "v1.{r}.{u}.{d}." + a42,
                "v1.{r}.{u}.{d}." + a42 + "AA",         // 33 bytes
                "v1.{r}.{u}.{d}." + a42 + "+",          // the standard, not the url, alphabet
                "v1.{r}.{u}.{d}." + a42 + "/",
                "v1.{r}.{u}.{d}." + a42 + "%",          // not base64 at all
                "v1.{r}.{u}.{d}." + a42 + "B");         // non-canonical last character
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void refusesMalformedValues(String template) {
        String value = template.replace("{s}", SECRET_TEXT).replace("{r}", REALM).replace("{u}", USER).replace("{d}", DEVICE);
        assertNull(TrustCookie.decode(value), value);
    }

    @Test
    void refusesNullAndOverlongValues() {
        assertNull(TrustCookie.decode(null));
        String longId = "a".repeat(129);
        assertNull(TrustCookie.decode("v1." + REALM + "." + longId + "." + DEVICE + "." + SECRET_TEXT));
        assertNull(TrustCookie.decode("v1." + longId + "." + USER + "." + DEVICE + "." + SECRET_TEXT));
        String maxId = "a".repeat(128);
        assertEquals(maxId, TrustCookie.decode("v1." + maxId + "." + maxId + "." + maxId + "." + SECRET_TEXT).realmId());
        assertNull(TrustCookie.decode(VALID + ".".repeat(10_000_000)));
        assertNull(TrustCookie.decode("\u0000".repeat(1_000_000)));
        assertNull(TrustCookie.decode("v1." + "\uD83D\uDE00".repeat(20) + "." + USER + "." + DEVICE + "." + SECRET_TEXT));
    }

    @Test
    void randomStringsNeverThrow() {
        FuzzInputs fuzz = FuzzInputs.fromSystemProperty();
        Random random = new Random(fuzz.seed());
        int decoded = 0;
        for (String in : fuzz.texts("trust cookie", 5000, 600, VALID)) {
            if (TrustCookie.decode(in) != null) {
                decoded++;
                assertEquals(in, TrustCookie.decode(in).encode(), "only a canonical value decodes");
            }
        }
        // Mutations of a valid value: every one either decodes to a cookie that encodes back to it, or is refused.
        for (int i = 0; i < 20_000; i++) {
            char[] c = VALID.toCharArray();
            c[random.nextInt(c.length)] = (char) random.nextInt(i % 2 == 0 ? 128 : 0x10000);
            String in = new String(c);
            TrustCookie cookie = TrustCookie.decode(in);
            if (cookie != null) {
                assertEquals(in, cookie.encode());
            }
        }
        assertTrue(decoded < 5000);
    }

    @Test
    void namesDifferPerUserAndPerRealmAndAreStable() {
        Set<String> names = new HashSet<>();
        for (int realm = 0; realm < 20; realm++) {
            for (int user = 0; user < 50; user++) {
                names.add(TrustCookie.name("realm-" + realm, "user-" + user));
            }
        }
        assertEquals(1000, names.size());
        assertEquals(TrustCookie.name(REALM, USER), TrustCookie.name(REALM, USER));
        // the separator keeps ("ab", "c") and ("a", "bc") apart
        assertNotEquals(TrustCookie.name("ab", "c"), TrustCookie.name("a", "bc"));
    }

    @Test
    void namesAreCookieNameSafe() {
        for (int i = 0; i < 500; i++) {
            String name = TrustCookie.name(REALM + i, "\u00fcser<>;, =" + i);
            assertTrue(name.startsWith(TrustCookie.NAME_PREFIX), name);
            assertEquals(TrustCookie.NAME_PREFIX.length() + 16, name.length(), name);
            // RFC 6265 token characters, and nothing a browser or proxy treats specially
            assertTrue(name.chars().allMatch(c -> c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
                    || c == '_' || c == '-'), name);
        }
    }
}
