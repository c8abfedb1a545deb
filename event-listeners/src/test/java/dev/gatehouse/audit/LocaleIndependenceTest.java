package dev.gatehouse.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;

import org.junit.jupiter.api.Test;

/** On a Turkish-locale JVM, "INSERTED".toLowerCase() is "ınserted": labels and REST output must not change. */
class LocaleIndependenceTest {

    @Test
    void failureLabelsAndVerdictsAreTheSameUnderATurkishDefaultLocale() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("tr-TR"));
            assertEquals("inserted", ExportVerifier.Failure.INSERTED.label());
            assertEquals("bad_signature", ExportVerifier.Failure.BAD_SIGNATURE.label());
            assertEquals("FAILED: malformed at record 3: x",
                    new ExportVerifier.Result(false, 2, ExportVerifier.Failure.MALFORMED, 3, "x").toString());
            assertEquals("{\"k\":\"\\u001f\"}", new String(CanonicalJson.encode(java.util.Map.of("k", "\u001f")),
                    java.nio.charset.StandardCharsets.UTF_8));
        } finally {
            Locale.setDefault(before);
        }
    }
}
