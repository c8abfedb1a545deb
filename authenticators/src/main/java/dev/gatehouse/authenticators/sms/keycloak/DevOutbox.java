package dev.gatehouse.authenticators.sms.keycloak;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.keycloak.util.JsonSerialization;

/**
 * The dev sender's outbox: one JSON line per message, {@code {"time":…,"to":…,"body":…}}, appended to a file
 * that {@code scripts/last-code.sh} and people read. One per server (the factory's), so lines never interleave.
 */
final class DevOutbox {

    private final Path file;

    DevOutbox(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    synchronized void append(Instant time, String to, String body) throws IOException {
        Map<String, String> line = new LinkedHashMap<>();
        line.put("time", time.toString());
        line.put("to", to);
        line.put("body", body);
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Files.writeString(file, JsonSerialization.writeValueAsString(line) + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    }
}
