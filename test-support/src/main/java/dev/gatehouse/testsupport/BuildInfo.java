package dev.gatehouse.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** Where the build put things: the Keycloak versions (compiled against, run on), the dist archive, the pack's providers folder, the realm JSON. */
public final class BuildInfo {

    private static final Properties BUILD = load();

    private BuildInfo() {
    }

    /** The Keycloak version the pack is compiled against (pom.xml's keycloak.version). */
    public static String keycloakVersion() {
        return BUILD.getProperty("keycloak.version");
    }

    /**
     * The stock distribution the tests run on: -Dgatehouse.kc.dist.version (failsafe passes the Maven property of
     * the same name), by default the compiled-against version. Lets one build run on a later 26.7.x patch.
     */
    public static String distributionVersion() {
        String v = System.getProperty("gatehouse.kc.dist.version", "");
        return v.isBlank() ? keycloakVersion() : v.strip();
    }

    /** The repository root; overridable with -Dgatehouse.root. */
    public static Path projectRoot() {
        return Path.of(System.getProperty("gatehouse.root", BUILD.getProperty("project.root"))).toAbsolutePath().normalize();
    }

    /** The stock distribution zip from the local Maven repository (a test dependency makes Maven fetch it). */
    public static Path keycloakDistArchive() {
        String explicit = System.getProperty("gatehouse.keycloak.dist");
        if (explicit != null) {
            return Path.of(explicit);
        }
        String repo = System.getProperty("maven.repo.local",
                Path.of(System.getProperty("user.home"), ".m2", "repository").toString());
        String v = distributionVersion();
        Path zip = Path.of(repo, "org", "keycloak", "keycloak-quarkus-dist", v, "keycloak-quarkus-dist-" + v + ".zip");
        if (!Files.isRegularFile(zip)) {
            throw new IllegalStateException("Keycloak distribution not found at " + zip
                    + ": run ./mvnw verify (it downloads org.keycloak:keycloak-quarkus-dist:" + v + ":zip)");
        }
        return zip;
    }

    /** Every jar a user copies into providers/, as ./mvnw package leaves them. */
    public static Path providersDir() {
        Path dir = projectRoot().resolve("dist/target/providers");
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException(dir + " is missing: run ./mvnw package first");
        }
        return dir;
    }

    public static Path realmConfig(String realm) {
        return projectRoot().resolve("realm-config").resolve(realm + "-realm.json");
    }

    /** Scratch space for installations and node homes: the module's target/ by default. */
    public static Path workDir() {
        return Path.of(System.getProperty("gatehouse.work.dir", "target")).toAbsolutePath().normalize();
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("/gatehouse-build.properties")) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}
