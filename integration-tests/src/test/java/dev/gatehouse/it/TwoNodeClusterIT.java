package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import dev.gatehouse.testsupport.BuildInfo;
import dev.gatehouse.testsupport.KeycloakNode;
import dev.gatehouse.testsupport.OidcBrowser;
import dev.gatehouse.testsupport.PostgresDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two production-mode nodes with the pack installed, one PostgreSQL database, one Infinispan cluster
 * (discovered through the database, jdbc-ping). Both answer for the same frontend URL, as behind a load balancer.
 */
class TwoNodeClusterIT {

    static final String SCHEMA = "gatehouse_cluster_it";
    // Infinispan logs each new cluster view with its member count.
    static final Pattern TWO_MEMBER_VIEW = Pattern.compile("ISPN000094: Received new cluster view for channel ISPN: \\[[^\\]]+\\] \\(2\\)");

    static KeycloakNode a;
    static KeycloakNode b;

    @BeforeAll
    static void startCluster() {
        PostgresDatabase pg = PostgresDatabase.fromEnvironment().assumeAvailable();
        pg.recreateSchema(SCHEMA);

        // Augment once for PostgreSQL, then copy: both nodes start --optimized from the same build.
        KeycloakNode template = KeycloakNode.fresh("cluster-template").withProviders(BuildInfo.providersDir());
        KeycloakNode.CommandResult build = template.run(Duration.ofMinutes(5),
                "build", "--db=postgres", "--health-enabled=true", "--metrics-enabled=true");
        assertEquals(0, build.exitCode(), build.output());

        a = KeycloakNode.copyOf("node-a", template.home()).withImport(BuildInfo.realmConfig("demo"));
        b = KeycloakNode.copyOf("node-b", template.home());
        String frontend = "--hostname=" + a.baseUrl();
        a.startProduction(options(pg, frontend, "--import-realm"));
        b.startProduction(options(pg, frontend));
    }

    static String[] options(PostgresDatabase pg, String... more) {
        List<String> all = new ArrayList<>(pg.keycloakOptions(SCHEMA));
        all.add("--optimized");
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @AfterAll
    static void stopCluster() {
        if (b != null) {
            b.stop();
        }
        if (a != null) {
            a.stop();
        }
    }

    @Test
    void nodesFormOneCluster() {
        assertTrue(a.awaitLog(TWO_MEMBER_VIEW, Duration.ofSeconds(60)), "node A never saw a two-member view");
        assertTrue(b.awaitLog(TWO_MEMBER_VIEW, Duration.ofSeconds(60)), "node B never saw a two-member view");
    }

    @Test
    void sessionMadeOnNodeAIsValidOnNodeB() {
        OidcBrowser browser = new OidcBrowser("demo-app");
        OidcBrowser.Tokens onA = browser.signIn(a.baseUrl(), "demo", "bob", "bob");

        // The SSO cookie from A is honoured by B without a login form: B finds A's user session.
        OidcBrowser.Tokens onB = browser.signInWithSession(b.baseUrl(), "demo");
        assertEquals(onA.accessClaims().get("sid").asText(), onB.accessClaims().get("sid").asText());

        assertEquals(200, browser.userInfo(b.baseUrl(), "demo", onA.accessToken()).statusCode());
        HttpResponse<String> refreshed = browser.refresh(b.baseUrl(), "demo", onA.refreshToken());
        assertEquals(200, refreshed.statusCode(), refreshed.body());
    }

    @Test
    void logoutOnNodeBEndsTheSessionOnNodeA() {
        OidcBrowser browser = new OidcBrowser("demo-app");
        OidcBrowser.Tokens onA = browser.signIn(a.baseUrl(), "demo", "bob", "bob");

        assertEquals(204, browser.logout(b.baseUrl(), "demo", onA.refreshToken()).statusCode());

        HttpResponse<String> refreshOnA = browser.refresh(a.baseUrl(), "demo", onA.refreshToken());
        assertEquals(400, refreshOnA.statusCode(), refreshOnA.body());
        assertTrue(refreshOnA.body().contains("invalid_grant"), refreshOnA.body());
    }
}
