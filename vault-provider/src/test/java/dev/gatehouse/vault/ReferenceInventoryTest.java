package dev.gatehouse.vault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ReferenceInventoryTest {

    @Test
    void findsWholeValueVaultExpressionsAsKeycloakDoes() {
        assertEquals(Optional.of("smtp-password"), ReferenceInventory.reference("${vault.smtp-password}"));
        assertEquals(Optional.of("aws:upstream-idp#secret"), ReferenceInventory.reference("${vault.aws:upstream-idp#secret}"));
        assertEquals(Optional.of("../x"), ReferenceInventory.reference("${vault.../x}"), "listed, so its error can be shown");
        // Keycloak resolves only a whole-value expression; these are literals to it.
        for (String literal : List.of(" ${vault.x}", "${vault.x} ", "a${vault.x}", "${vault.}", "${vault.x", "$vault.x}",
                "${VAULT.x}", "${vault.x\n}", "")) {
            assertEquals(Optional.empty(), ReferenceInventory.reference(literal), literal);
        }
        assertEquals(Optional.empty(), ReferenceInventory.reference(null));
    }

    @Test
    void groupsLocationsByReferenceSortedAndKeepsNoPlainSecret() {
        Map<String, String> smtp = new LinkedHashMap<>();
        smtp.put("password", "${vault.smtp-password}");
        smtp.put("user", "mailer");
        smtp.put("host", "mail.example.com");
        Map<String, String> idp = new LinkedHashMap<>();
        idp.put("clientSecret", "${vault.aws:upstream-idp#secret}");
        idp.put("clientId", "gatehouse-broker");
        ReferenceInventory found = new ReferenceInventory()
                .addAll("smtp", smtp)
                .addAll("identity-provider:upstream", idp)
                .add("client:my-app:secret", "a-plain-client-secret")
                .add("client:other:secret", "${vault.smtp-password}")
                .add("client:nothing:secret", null)
                .addAll("authenticator-config:none", null);

        assertEquals(List.of("aws:upstream-idp#secret", "smtp-password"), List.copyOf(found.references().keySet()));
        assertEquals(List.of("client:other:secret", "smtp:password"), List.copyOf(found.references().get("smtp-password")));
        assertEquals(List.of("identity-provider:upstream:clientSecret"), List.copyOf(found.references().get("aws:upstream-idp#secret")));
        String all = found.references().toString();
        assertFalse(all.contains("a-plain-client-secret") || all.contains("mailer") || all.contains("gatehouse-broker"), all);
        assertTrue(new ReferenceInventory().references().isEmpty());
    }
}
