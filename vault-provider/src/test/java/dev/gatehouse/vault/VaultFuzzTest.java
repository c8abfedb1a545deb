package dev.gatehouse.vault;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.gatehouse.testsupport.FuzzInputs;
import dev.gatehouse.testsupport.FuzzTally;
import dev.gatehouse.vault.keycloak.GatehouseVaultProviderFactory;
import org.junit.jupiter.api.Test;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * Finding 10, vault half: hostile {@code ${vault.…}} references and option values either parse or are refused with
 * the module's IllegalArgumentException and a message that says what is wrong; nothing else escapes.
 */
class VaultFuzzTest {

    static final int INPUTS = 1000;

    /**
     * Failures this run knows about and that another change still has to fix; each entry names its finding.
     * Remove an entry once the test reports it as gone. Empty since NEW-V1 … V4 were fixed.
     */
    static final List<FuzzTally.Known> KNOWN_OPEN_FINDINGS = List.of();

    static final FuzzInputs FUZZ = FuzzInputs.fromSystemProperty();

    @Test
    void referencesParseOrSayWhy() {
        FuzzTally tally = new FuzzTally(KNOWN_OPEN_FINDINGS);
        SecretNames names = new SecretNames("keycloak/{realm}/{name}", false, "KC_VAULT_");
        for (String in : FUZZ.texts("vault reference", INPUTS, 600, "smtp-password", "aws:idp/google@AWSPREVIOUS#client_secret",
                "hashicorp:db/main@3#password", "env:smtp")) {
            try {
                SecretRef ref = SecretRef.parse(in);
                String path = names.path("demo", ref);
                String reason = null;
                if (!path.startsWith("keycloak/demo/") || ("/" + ref.name() + "/").contains("/../")) {
                    reason = "escapes the realm's prefix: " + path;
                }
                try {
                    names.environmentVariable("demo", ref);
                } catch (IllegalArgumentException e) {
                    reason = reason != null ? reason : blank(e) ? "environment name refused without a reason" : null;
                }
                tally.record("vault reference", in, "parsed", reason);
            } catch (IllegalArgumentException e) {
                tally.record("vault reference", in, "refused", blank(e) ? "refused without a reason" : null);
            } catch (RuntimeException e) {
                tally.record("vault reference", in, e.getClass().getSimpleName(), "unexpected " + e);
            }
        }
        report(tally);
    }

    /** Every declared option, one at a time, on an otherwise valid configuration of the backend it belongs to. */
    @Test
    void everyOptionParsesOrNamesItself() {
        FuzzTally tally = new FuzzTally(KNOWN_OPEN_FINDINGS);
        List<ProviderConfigProperty> options = new GatehouseVaultProviderFactory().getConfigMetadata();
        for (ProviderConfigProperty option : options) {
            String name = option.getName();
            Map<String, String> base = new HashMap<>();
            if (name.startsWith("aws-")) {
                base.put("backends", "aws");
                base.put("aws-region", "eu-west-1");
            } else if (name.startsWith("hashicorp-")) {
                base.put("backends", "hashicorp");
                base.put("hashicorp-address", "https://vault.example:8200");
            }
            String valid = option.getDefaultValue() == null ? validFor(name) : String.valueOf(option.getDefaultValue());
            // The AWS SDK client is slow to build: fewer distinct values would not find more, but the count is the contract.
            for (String in : FUZZ.texts("option " + name, INPUTS, 5000, valid, validFor(name))) {
                Map<String, String> values = new HashMap<>(base);
                values.put(name, in);
                String surface = "option " + name;
                try (SecretResolver ignored = ResolverConfig.build(values::get, Map.of(), HostServices.of(null, Runnable::run))) {
                    tally.record(surface, in, "accepted", null);
                } catch (IllegalArgumentException e) {
                    String m = e.getMessage() == null ? "" : e.getMessage();
                    // The option itself, or the one it makes necessary (backends=hashicorp needs hashicorp-address).
                    boolean named = options.stream().anyMatch(o -> m.contains(o.getName()));
                    tally.record(surface, in, "refused", named ? null : "message does not name the option: " + m);
                } catch (RuntimeException e) {
                    tally.record(surface, in, e.getClass().getSimpleName(), "unexpected " + e);
                }
            }
        }
        report(tally);
    }

    static String validFor(String name) {
        return switch (name) {
            case "backends" -> "env,hashicorp";
            case "default-backend" -> "env";
            case "aws-region" -> "eu-west-1";
            case "aws-endpoint" -> "http://127.0.0.1:4566";
            case "hashicorp-address" -> "https://vault.example:8200";
            case "hashicorp-auth" -> "approle";
            case "hashicorp-kv-version" -> "1";
            case "cross-realm" -> "true";
            default -> name.endsWith("-file") ? "/run/secrets/x" : name.contains("ttl") || name.contains("timeout")
                    || name.contains("backoff") || name.contains("stale") ? "30" : "x";
        };
    }

    static boolean blank(RuntimeException e) {
        return e.getMessage() == null || e.getMessage().isBlank();
    }

    static void report(FuzzTally tally) {
        System.out.println(tally.summary());
        assertTrue(tally.newFailures().isEmpty(), tally.summary());
        assertTrue(tally.knownButGone().isEmpty(), tally.summary());
    }
}
