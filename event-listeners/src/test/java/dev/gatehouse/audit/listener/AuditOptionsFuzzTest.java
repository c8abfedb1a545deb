package dev.gatehouse.audit.listener;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.gatehouse.testsupport.FuzzInputs;
import dev.gatehouse.testsupport.FuzzTally;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keycloak.Config;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * Finding 10, audit options: each declared option of the listener, given hostile values one at a time through
 * {@code init(Config.Scope)} as Keycloak passes them, either starts the listener or stops it with the module's
 * "gatehouse-audit: …" IllegalStateException naming the option; nothing else escapes.
 */
class AuditOptionsFuzzTest {

    static final int INPUTS = 1000;

    /**
     * Failures this run knows about and that another change still has to fix; each entry names its finding.
     * Remove an entry once the test reports it as gone. Empty since NEW-A1 … A3 were fixed.
     */
    static final List<FuzzTally.Known> KNOWN_OPEN_FINDINGS = List.of();

    @TempDir
    static Path dir;

    @Test
    void everyOptionStartsOrNamesItself() throws Exception {
        FuzzInputs fuzz = FuzzInputs.fromSystemProperty();
        FuzzTally tally = new FuzzTally(KNOWN_OPEN_FINDINGS);
        Path seed = Files.writeString(dir.resolve("seed"), "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
        List<ProviderConfigProperty> options = new AuditEventListenerProviderFactory().getConfigMetadata();
        for (ProviderConfigProperty option : options) {
            String name = option.getName();
            String surface = "option " + name;
            String valid = option.getDefaultValue() != null ? String.valueOf(option.getDefaultValue()) : switch (name) {
                case "signing-key-file" -> seed.toString();
                case "signing-key" -> "${vault.audit-signing-seed}";
                case "retention" -> "P90D";
                default -> "node-1";
            };
            for (String in : fuzz.texts(surface, INPUTS, 5000, valid)) {
                Map<String, String> values = new HashMap<>();
                values.put("node-name", "node-1"); // else init asks Keycloak's global config for the cache node name
                if (name.equals("key-name")) {
                    values.put("signing-key-file", seed.toString()); // the key name is read only with a key
                }
                values.put(name, in);
                AuditEventListenerProviderFactory factory = new AuditEventListenerProviderFactory();
                try {
                    factory.init(new MapScope(values));
                    tally.record(surface, in, "started", switch (name) {
                        case "origin" -> checkpointRefuses(in);
                        case "retention" -> sealerRefuses(in);
                        default -> null;
                    });
                } catch (IllegalStateException e) {
                    String m = String.valueOf(e.getMessage());
                    tally.record(surface, in, "refused", m.startsWith("gatehouse-audit:") && m.contains(name) ? null
                            : "message does not name the option: " + m);
                } catch (MapScope.Unconvertible e) {
                    tally.record(surface, in, "refused by Keycloak's config", null);
                } catch (RuntimeException e) {
                    tally.record(surface, in, e.getClass().getSimpleName(), "unexpected " + e);
                } finally {
                    factory.close();
                }
            }
        }
        System.out.println(tally.summary());
        assertTrue(tally.newFailures().isEmpty(), tally.summary());
        assertTrue(tally.knownButGone().isEmpty(), tally.summary());
    }

    /** A started listener must be able to write checkpoints: the origin is their first line. */
    static String checkpointRefuses(String origin) {
        try {
            new dev.gatehouse.audit.Checkpoint(origin + "/demo", 0, new byte[32], List.of());
            return null;
        } catch (IllegalArgumentException e) {
            return "started with an origin no checkpoint can carry: " + e.getMessage();
        }
    }

    /** The sealer prunes at now minus the retention in milliseconds. */
    static String sealerRefuses(String retention) {
        try {
            if (!retention.isBlank()) {
                Math.subtractExact(System.currentTimeMillis(), java.time.Duration.parse(retention).toMillis());
            }
            return null;
        } catch (ArithmeticException e) {
            return "started with a retention the sealer overflows on: " + e.getMessage();
        }
    }

    /** Options as Keycloak's config hands them over; a value of the wrong type is refused there, naming the property. */
    record MapScope(Map<String, String> values) implements Config.Scope {

        /** What Keycloak's (SmallRye) config throws for a value it can't convert: it names the property. */
        static final class Unconvertible extends IllegalArgumentException {
            Unconvertible(String name, String value) {
                super("The config property " + name + " with the config value \"" + value + "\" could not be converted");
            }
        }

        @Override
        public String get(String key) {
            return values.get(key);
        }

        @Override
        public String get(String key, String defaultValue) {
            return values.getOrDefault(key, defaultValue);
        }

        @Override
        public String[] getArray(String key) {
            String v = values.get(key);
            return v == null ? null : v.split(",");
        }

        @Override
        public Integer getInt(String key, Integer defaultValue) {
            Long v = getLong(key, defaultValue == null ? null : defaultValue.longValue());
            if (v != null && (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE)) {
                throw new Unconvertible(key, values.get(key));
            }
            return v == null ? null : v.intValue();
        }

        @Override
        public Long getLong(String key, Long defaultValue) {
            String v = values.get(key);
            if (v == null) {
                return defaultValue;
            }
            try {
                return Long.valueOf(v);
            } catch (NumberFormatException e) {
                throw new Unconvertible(key, v);
            }
        }

        @Override
        public Boolean getBoolean(String key, Boolean defaultValue) {
            String v = values.get(key);
            return v == null ? defaultValue : Boolean.valueOf(v);
        }

        @Override
        public Config.Scope scope(String... scope) {
            return new MapScope(Map.of());
        }

        @Override
        public Set<String> getPropertyNames() {
            return values.keySet();
        }

        @Override
        public Config.Scope root() {
            return this;
        }
    }
}
