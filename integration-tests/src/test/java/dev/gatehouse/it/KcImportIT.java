package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import dev.gatehouse.testsupport.BuildInfo;
import dev.gatehouse.testsupport.DemoUsers;
import dev.gatehouse.testsupport.KeycloakNode;
import dev.gatehouse.testsupport.OidcBrowser;
import org.junit.jupiter.api.Test;

/** A CI pipeline's path: `kc.sh import --file demo-realm.json` with the server stopped, then start. */
class KcImportIT {

    @Test
    void demoRealmImportsWithKcShImport() {
        try (KeycloakNode node = KeycloakNode.fresh("kc-import").withProviders(BuildInfo.providersDir())) {
            KeycloakNode.CommandResult imported = node.run(Duration.ofMinutes(5),
                    "import", "--file=" + BuildInfo.realmConfig("demo"));
            assertEquals(0, imported.exitCode(), imported.output());

            node.startDev();
            // The import kept bob's pending phone enrolment (the realm file's); this test signs him in with a password.
            assertEquals(java.util.List.of(DemoUsers.PHONE_ENROLMENT),
                    node.adminClient().realm("demo").users().searchByUsername("bob", true).get(0).getRequiredActions());
            DemoUsers.bobWithPasswordOnly(node.adminClient().realm("demo"));
            OidcBrowser.Tokens tokens = new OidcBrowser("demo-app").signIn(node.baseUrl(), "demo", "bob", "bob");
            assertEquals("bob", tokens.accessClaims().get("preferred_username").asText());
            assertEquals("3025", node.adminClient().realm("demo").toRepresentation().getSmtpServer().get("port"),
                    "the placeholder default applies when the variable is unset");
        }
    }
}
