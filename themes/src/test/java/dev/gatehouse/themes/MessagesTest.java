package dev.gatehouse.themes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Every locale has every message, every message key the pack uses exists, and each one formats. */
class MessagesTest {

    /** Where Java and templates name a message: form messages, msg(...) in templates, credential metadata, mail subjects. */
    static final Pattern USED_KEY = Pattern.compile(
            "(?:setError|setInfo|setSuccess|msg|displayName|helpText|SUBJECT =|->)\\(?\\s*\"(gatehouse-[A-Za-z-]+)\"");

    static Properties load(String locale) throws IOException {
        Properties p = new Properties();
        try (InputStream in = MessagesTest.class.getResourceAsStream("/theme-resources/messages/messages_" + locale + ".properties")) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }

    @ParameterizedTest
    @ValueSource(strings = {"de", "fr", "es"})
    void localeHasExactlyTheEnglishKeys(String locale) throws IOException {
        assertEquals(new TreeSet<>(load("en").stringPropertyNames()), new TreeSet<>(load(locale).stringPropertyNames()), locale);
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "de", "fr", "es"})
    void everyMessageFormats(String locale) throws IOException {
        Properties p = load(locale);
        for (String key : p.stringPropertyNames()) {
            String pattern = p.getProperty(key);
            // A singular/plural choice takes a number (Keycloak passes numbers through as numbers).
            Object[][] argSets = pattern.contains(",choice,") ? new Object[][] {{1L, 1L}, {2L, 2L}} : new Object[][] {{"A", "B"}};
            for (Object[] args : argSets) {
                String formatted = new MessageFormat(pattern).format(args);
                assertTrue(!formatted.contains("{") || !formatted.contains("}"), locale + " " + key + ": " + formatted);
            }
        }
    }

    /** Keycloak's msg() always runs MessageFormat, where a lone ' starts a quote and vanishes ("Your devices screen lock"). */
    @ParameterizedTest
    @ValueSource(strings = {"en", "de", "fr", "es"})
    void apostrophesAreDoubledSoTheyArePrinted(String locale) throws IOException {
        Properties p = load(locale);
        for (String key : p.stringPropertyNames()) {
            String raw = p.getProperty(key);
            assertFalse(raw.replace("''", "").contains("'"), locale + " " + key + " has a lone apostrophe: " + raw);
        }
    }

    @Test
    void everyKeyThePackUsesExists() throws IOException {
        Properties en = load("en");
        Set<String> used = new TreeSet<>();
        Path root = Path.of(System.getProperty("gatehouse.root", "..")).toAbsolutePath();
        for (Path dir : new Path[] {root.resolve("authenticators/src/main/java"), root.resolve("themes/src/main/resources/theme-resources/templates")}) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                    Matcher m = USED_KEY.matcher(Files.readString(f));
                    while (m.find()) {
                        used.add(m.group(1));
                    }
                }
            }
        }
        assertTrue(used.size() > 10, "found " + used);
        for (String key : used) {
            assertTrue(en.containsKey(key), key + " is used but has no English message");
        }
    }
}
