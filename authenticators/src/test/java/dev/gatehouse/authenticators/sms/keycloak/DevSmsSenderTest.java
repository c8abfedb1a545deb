package dev.gatehouse.authenticators.sms.keycloak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keycloak.util.JsonSerialization;

import dev.gatehouse.authenticators.sms.SmsResult;

/** The dev sender writes whole messages to its outbox only when the server enables it. */
class DevSmsSenderTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T12:00:00Z"), ZoneOffset.UTC);
    private static final String BODY = "Your sign-in code is 493817.\n\n@localhost #493817";

    @TempDir
    Path dir;

    @Test
    void enabledSenderAppendsOneJsonLinePerMessage() throws IOException {
        Path outbox = dir.resolve("data/outbox.jsonl");
        DevSmsSender sender = new DevSmsSender(new DevOutbox(outbox), CLOCK);
        assertEquals(SmsResult.SENT, sender.send(null, "+4915112345678", BODY));
        assertEquals(SmsResult.SENT, sender.send(null, "+15005550006", "second"));
        List<String> lines = Files.readAllLines(outbox);
        assertEquals(2, lines.size());
        @SuppressWarnings("unchecked")
        Map<String, String> first = JsonSerialization.readValue(lines.get(0), Map.class);
        assertEquals(Map.of("time", "2026-11-30T12:00:00Z", "to", "+4915112345678", "body", BODY), first);
        assertTrue(lines.get(1).contains("\"to\":\"+15005550006\""), lines.get(1));
    }

    @Test
    void senderTheServerDoesNotEnableSendsNothing() {
        DevSmsSender sender = new DevSmsSender(null, CLOCK);
        assertEquals(SmsResult.Outcome.MISCONFIGURED, sender.send(null, "+4915112345678", BODY).outcome());
        assertFalse(sender.makesCodes());
    }

    @Test
    void unwritableOutboxIsAFailedSend() throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "");
        DevSmsSender sender = new DevSmsSender(new DevOutbox(file.resolve("outbox.jsonl")), CLOCK);
        assertEquals(SmsResult.Outcome.UNAVAILABLE, sender.send(null, "+4915112345678", BODY).outcome());
    }
}
