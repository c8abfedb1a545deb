package dev.gatehouse.vault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** A bad option stops the start with a message that names it; defaults come from the one declaration. */
class ResolverConfigTest {

    static SecretResolver build(Map<String, String> options) {
        return ResolverConfig.build(options::get, Map.of("KC_VAULT_demo__smtp", "from-env"), HostServices.of(null, Runnable::run));
    }

    @Test
    void badValuesNameTheirOption() {
        List<List<String>> cases = List.of(
                List.of("cache-ttl", "99999999999999999999"),
                List.of("max-stale", "PT99999999999999999H"),
                List.of("not-found-ttl", "-PT1S"),
                List.of("retry-backoff", "five seconds"),
                List.of("aws-endpoint", "http://a b"),
                List.of("aws-endpoint", "ftp://example.com"),
                List.of("hashicorp-address", "http://vault\u0000:8200"),
                List.of("hashicorp-token-file", "/run/\u0000token"),
                List.of("hashicorp-auth", "ldap"),
                List.of("hashicorp-kv-version", "3"),
                List.of("hashicorp-timeout", "PT"),
                List.of("backends", "env,gcp"));
        for (List<String> c : cases) {
            Map<String, String> o = new HashMap<>(Map.of("backends", "env,hashicorp,aws", "hashicorp-address", "http://127.0.0.1:8200", "aws-region", "us-east-1"));
            o.put(c.get(0), c.get(1));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> build(o), c.toString());
            assertTrue(e.getMessage().startsWith(c.get(0)), c + " -> " + e.getMessage());
        }
    }

    @Test
    void unsetOptionsTakeTheDeclaredDefaults() {
        try (SecretResolver r = build(Map.of())) {
            assertEquals(List.of(VaultOption.BACKENDS.defaultValue()), List.copyOf(r.backends().keySet()));
            assertEquals("from-env", new String(r.resolve("demo", "smtp").value().orElseThrow(), java.nio.charset.StandardCharsets.UTF_8));
        }
    }
}
