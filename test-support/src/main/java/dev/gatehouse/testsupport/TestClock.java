package dev.gatehouse.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

/**
 * Keycloak's clock offset ({@code org.keycloak.common.util.Time.setOffset}) on a stock server, so a test waits
 * for expiry without sleeping. The stock distribution has no way to set it; the Keycloak Test Framework's
 * remote-providers jar has an endpoint for it. Only that endpoint is deployed: a copy of the jar without its
 * run-on-server provider, which would run code sent to it.
 */
public final class TestClock {

    private static final String PACKAGE = "org/keycloak/testframework/remote/providers/timeoffset/";
    private static final String FACTORY = "org.keycloak.testframework.remote.providers.timeoffset.TimeOffSetRealmResourceProviderFactory";
    private static final String SERVICES = "META-INF/services/org.keycloak.services.resource.RealmResourceProviderFactory";

    private final String baseUrl;
    private final HttpClient http = HttpClient.newHttpClient();

    public TestClock(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** A folder holding the time-offset provider jar, for {@link KeycloakNode#withProviders(Path)}. */
    public static Path providerDir() {
        try {
            Path dir = Files.createDirectories(BuildInfo.workDir().resolve("test-clock"));
            try (JarFile source = new JarFile(sourceJar().toFile());
                 OutputStream file = Files.newOutputStream(dir.resolve("gatehouse-test-clock.jar"));
                 JarOutputStream out = new JarOutputStream(file)) {
                for (Enumeration<JarEntry> e = source.entries(); e.hasMoreElements(); ) {
                    JarEntry entry = e.nextElement();
                    if (entry.getName().startsWith(PACKAGE) && !entry.isDirectory()) {
                        out.putNextEntry(new JarEntry(entry.getName()));
                        try (InputStream in = source.getInputStream(entry)) {
                            in.transferTo(out);
                        }
                        out.closeEntry();
                    }
                }
                out.putNextEntry(new JarEntry(SERVICES));
                out.write((FACTORY + "\n").getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Moves the server's clock {@code seconds} ahead of real time (0 resets it). */
    public void offset(int seconds) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/realms/master/testing-timeoffset"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"offset\":" + seconds + "}")).build();
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                throw new IllegalStateException("setting the time offset gave HTTP " + r.statusCode() + ": " + r.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path sourceJar() {
        URL url = TestClock.class.getClassLoader().getResource(PACKAGE + "TimeOffSetRealmResourceProviderFactory.class");
        if (url == null || !"jar".equals(url.getProtocol())) {
            throw new IllegalStateException("keycloak-test-framework-remote-providers is not on the test classpath");
        }
        String spec = url.getPath();
        try {
            return Path.of(new URI(spec.substring(0, spec.indexOf("!/"))));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
