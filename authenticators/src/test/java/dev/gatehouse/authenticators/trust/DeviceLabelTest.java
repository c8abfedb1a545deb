package dev.gatehouse.authenticators.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Locale;

import org.junit.jupiter.api.Test;

class DeviceLabelTest {

    static final Instant USED = Instant.parse("2026-11-30T23:59:59Z");
    static final Instant UNTIL = Instant.parse("2026-12-30T00:00:00Z");

    @Test
    void nameLastUseAndExpiryInUtc() {
        assertEquals("Chrome on Linux \u00b7 used 2026-11-30 \u00b7 until 2026-12-30", DeviceLabel.of("Chrome on Linux", USED, UNTIL));
    }

    @Test
    void sameUnderAnyDefaultLocale() {
        Locale before = Locale.getDefault();
        try {
            for (Locale l : new Locale[] {Locale.forLanguageTag("tr-TR"), Locale.forLanguageTag("ar-EG-u-nu-arab"),
                    Locale.forLanguageTag("th-TH-u-ca-buddhist"), Locale.forLanguageTag("hi-IN-u-nu-deva")}) {
                Locale.setDefault(l);
                assertEquals("Safari on iOS \u00b7 used 2026-11-30 \u00b7 until 2026-12-30", DeviceLabel.of("Safari on iOS", USED, UNTIL));
            }
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void missingPartsAreLeftOut() {
        assertEquals("Unknown browser \u00b7 until 2026-12-30", DeviceLabel.of(null, null, UNTIL));
        assertEquals("Unknown browser \u00b7 used 2026-11-30", DeviceLabel.of(" ", USED, null));
        assertEquals("Edge on Windows", DeviceLabel.of("Edge on Windows", null, null));
    }
}
