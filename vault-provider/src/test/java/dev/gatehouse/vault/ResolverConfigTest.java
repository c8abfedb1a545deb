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
                List.of("expiry-warning", "-P1D"),
                List.of("expiry-warning", "P36501D"),
                List.of("expiry-warning", "two weeks"),
                List.of("aws-endpoint", "http://a b"),
                List.of("aws-endpoint", "ftp://example.com"),
                List.of("hashicorp-address", "http://vault\u0000:8200"),
                List.of("hashicorp-token-file", "/run/\u0000token"),
                List.of("hashicorp-auth", "ldap"),
                List.of("hashicorp-kv-version", "3"),
                List.of("hashicorp-timeout", "PT"),
                List.of("backends", "env,gcloud"),
                List.of("azure-auth", "password"),
                List.of("gcp-project", "Not A Project"));
        for (List<String> c : cases) {
            Map<String, String> o = new HashMap<>(Map.of("backends", "env,hashicorp,aws,azure,gcp", "hashicorp-address", "http://127.0.0.1:8200",
                    "aws-region", "us-east-1", "azure-vault-url", "https://kv.vault.azure.net", "gcp-project", "gatehouse-test"));
            o.put(c.get(0), c.get(1));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> build(o), c.toString());
            assertTrue(e.getMessage().startsWith(c.get(0)), c + " -> " + e.getMessage());
        }
    }

    /** Found by VaultFuzzTest (NEW-V1 … V4): each failed before with a bare exception or another option's name. */
    @Test
    void malformedAwsAndTimeoutValuesAreRefusedWithTheOptionAndTheRange() {
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("aws-endpoint", "http://127-.0.0.1:4566");
        cases.put("aws-region", "eu west 1");
        cases.put("aws-timeout", "0");
        cases.put("hashicorp-timeout", "PT0.0001S");
        cases.put("cache-ttl", "9223372036854775807");
        cases.put("retry-backoff-max", "P36501D");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Map<String, String> o = new HashMap<>(Map.of("backends", "env,hashicorp,aws", "hashicorp-address", "http://127.0.0.1:8200",
                    "aws-region", "us-east-1"));
            o.put(c.getKey(), c.getValue());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> build(o), c.toString());
            assertTrue(e.getMessage().startsWith(c.getKey() + " must be "), c + " -> " + e.getMessage());
        }
        assertEquals("aws-timeout must be 1 ms to 1 hour (PT0.001S to PT1H), in seconds or as an ISO-8601 duration such as PT5M, not PT2H",
                assertThrows(IllegalArgumentException.class, () -> build(Map.of("backends", "aws", "aws-region", "us-east-1",
                        "aws-timeout", "PT2H"))).getMessage());
    }

    @Test
    void realAwsRegionsAreAcceptedAndAwsGlobalIsNot() {
        for (String region : List.of("us-east-1", "eu-central-1", "ap-southeast-2", "us-gov-west-1", "cn-north-1", "us-isob-east-1")) {
            build(Map.of("backends", "aws", "aws-region", region)).close();
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> build(Map.of("backends", "aws", "aws-region", "aws-global")))
                .getMessage().startsWith("aws-region must be an AWS region such as eu-west-1"));
    }

    @Test
    void expiryWarningIsADurationAndZeroTurnsItOff() {
        try (SecretResolver r = build(Map.of("expiry-warning", "P30D"))) {
            assertEquals(java.time.Duration.ofDays(30), r.expiryWarning());
        }
        try (SecretResolver r = build(Map.of("expiry-warning", "86400"))) {
            assertEquals(java.time.Duration.ofDays(1), r.expiryWarning(), "seconds, as the cache durations");
        }
        try (SecretResolver r = build(Map.of("expiry-warning", "0"))) {
            assertEquals(java.time.Duration.ZERO, r.expiryWarning());
        }
        assertEquals("expiry-warning must be 0 to 100 years (P36500D), in seconds or as an ISO-8601 duration such as PT5M, not 14 days",
                assertThrows(IllegalArgumentException.class, () -> build(Map.of("expiry-warning", "14 days"))).getMessage());
    }

    @Test
    void unsetOptionsTakeTheDeclaredDefaults() {
        try (SecretResolver r = build(Map.of())) {
            assertEquals(java.time.Duration.parse(VaultOption.EXPIRY_WARNING.defaultValue()), r.expiryWarning());
            assertEquals(List.of(VaultOption.BACKENDS.defaultValue()), List.copyOf(r.backends().keySet()));
            assertEquals("from-env", new String(r.resolve("demo", "smtp").value().orElseThrow(), java.nio.charset.StandardCharsets.UTF_8));
        }
    }
}
