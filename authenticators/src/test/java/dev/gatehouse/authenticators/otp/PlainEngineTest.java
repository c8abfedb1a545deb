package dev.gatehouse.authenticators.otp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The code engine, the SMS core, the trusted-device core, the MFA policy core ({@code mfa}) and the option reader they share ({@code config}) stay
 * plain Java: their Keycloak glue lives beside them ({@code otp.keycloak}, {@code sms.keycloak},
 * {@code trust.keycloak}); the Twilio wire client ({@code sms.twilio}) is plain too.
 */
class PlainEngineTest {

    @ParameterizedTest
    @ValueSource(strings = {"otp", "sms", "sms/twilio", "trust", "config", "mfa"})
    void importsNothingFromKeycloak(String pkg) throws IOException {
        Path dir = Path.of(System.getProperty("gatehouse.root", "..")).resolve("authenticators/src/main/java/dev/gatehouse/authenticators/" + pkg);
        assertTrue(Files.isDirectory(dir), dir.toString());
        try (Stream<Path> files = Files.list(dir)) {
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
