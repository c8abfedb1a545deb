package dev.gatehouse.authenticators.otp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** The code engine stays plain Java: its Keycloak glue lives in {@code otp.keycloak}, beside it. */
class PlainEngineTest {

    @Test
    void engineImportsNothingFromKeycloak() throws IOException {
        Path engine = Path.of(System.getProperty("gatehouse.root", "..")).resolve("authenticators/src/main/java/dev/gatehouse/authenticators/otp");
        try (Stream<Path> files = Files.list(engine)) {
            List<String> bound = files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> {
                        try {
                            return Files.readString(f).contains("import org.keycloak");
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    })
                    .map(f -> f.getFileName().toString()).toList();
            assertEquals(List.of(), bound);
        }
    }
}
