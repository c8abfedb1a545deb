package dev.gatehouse.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.keycloak.admin.client.Keycloak;

/**
 * One stock Keycloak server process, started from its own copy of the distribution on free ports.
 * Covers what the Keycloak Test Framework can't: --import-realm, kc.sh import, several nodes, PostgreSQL.
 */
public final class KeycloakNode implements AutoCloseable {

    public static final String ADMIN_USER = "admin";
    public static final String ADMIN_PASSWORD = "admin";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(Long.getLong("gatehouse.start.timeout", 300));

    private final String name;
    private final Path home;
    private final int httpPort = Ports.free();
    private final int managementPort = Ports.free();
    private final int clusterPort = Ports.free();
    private final Map<String, String> env = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;
    private Thread shutdownHook;
    /** Where {@link #logMatches} starts reading: a test class sharing this node sees only its own log. */
    private volatile long logMark;
    private Keycloak adminClient;

    private KeycloakNode(String name, Path home) {
        this.name = name;
        this.home = home;
        env.put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USER);
        env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
        env.put("JAVA_OPTS_KC_HEAP", System.getProperty("gatehouse.kc.heap", "-Xms128m -Xmx1g"));
        env.put("JAVA_HOME", System.getProperty("java.home"));
    }

    /** A fresh node home copied from the stock distribution. */
    public static KeycloakNode fresh(String name) {
        return copyOf(name, KeycloakInstallation.base());
    }

    /** A fresh node home copied from another installation, e.g. one already built for PostgreSQL. */
    public static KeycloakNode copyOf(String name, Path installation) {
        Path home = BuildInfo.workDir().resolve("kc-nodes").resolve(name);
        KeycloakInstallation.copy(installation, home);
        return new KeycloakNode(name, home);
    }

    /**
     * A distribution with the pack installed and built once for PostgreSQL (health and metrics on), for nodes
     * started from copies of it with --optimized.
     */
    public static Path builtForPostgres(String name) {
        return builtForPostgres(name, new String[0]);
    }

    /** As {@link #builtForPostgres(String)}, with more build options, e.g. {@code --spi-vault--provider=gatehouse}. */
    public static Path builtForPostgres(String name, String... buildOptions) {
        KeycloakNode template = fresh(name).withProviders(BuildInfo.providersDir());
        List<String> args = new ArrayList<>(List.of("build", "--db=postgres", "--health-enabled=true", "--metrics-enabled=true"));
        args.addAll(List.of(buildOptions));
        CommandResult build = template.run(Duration.ofMinutes(5), args.toArray(String[]::new));
        if (build.exitCode() != 0) {
            throw new IllegalStateException("kc.sh build for PostgreSQL failed (" + build.exitCode() + "):\n" + build.output());
        }
        return template.home();
    }

    /** A fresh base64 32-byte Ed25519 seed for audit checkpoints, written to work/<dir>/audit-signing.seed. */
    public static Path newAuditSigningKey(String dir) {
        try {
            Path key = Files.createDirectories(BuildInfo.workDir().resolve(dir)).resolve("audit-signing.seed");
            Files.writeString(key, newAuditSeed());
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh base64 32-byte Ed25519 seed. */
    public static String newAuditSeed() {
        byte[] seed = new byte[32];
        new java.security.SecureRandom().nextBytes(seed);
        return java.util.Base64.getEncoder().encodeToString(seed);
    }

    /** Installs every jar of a folder into providers/, as a user would. */
    public KeycloakNode withProviders(Path dir) {
        try (Stream<Path> jars = Files.list(dir)) {
            for (Path jar : (Iterable<Path>) jars.filter(p -> p.toString().endsWith(".jar"))::iterator) {
                Files.copy(jar, home.resolve("providers").resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Puts a realm file where --import-realm looks for it (data/import/&lt;realm&gt;-realm.json). */
    public KeycloakNode withImport(Path realmJson) {
        try {
            Path dir = Files.createDirectories(home.resolve("data/import"));
            Files.copy(realmJson, dir.resolve(realmJson.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public KeycloakNode withEnv(String key, String value) {
        env.put(key, value);
        return this;
    }

    /** Runs a kc.sh command that ends by itself (build, import, export) and returns its exit code and output. */
    public CommandResult run(Duration timeout, String... args) {
        Path log = home.resolve("command-" + args[0] + ".log");
        Process p = launch(List.of(args), log);
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(p);
                throw new IllegalStateException(name + ": kc.sh " + args[0] + " timed out after " + timeout + "\n" + tail(log));
            }
            return new CommandResult(p.exitValue(), Files.readString(log));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill(p);
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** start-dev: embedded H2 in data/, local caches, theme caching off. */
    public KeycloakNode startDev(String... options) {
        List<String> args = new ArrayList<>(List.of("start-dev"));
        args.addAll(List.of(options));
        return start(args);
    }

    /**
     * Production mode with HTTP on loopback and the embedded Infinispan cluster bound to this node's own
     * port, so several nodes on one host find each other through the database (jdbc-ping).
     */
    public KeycloakNode startProduction(String... options) {
        List<String> args = new ArrayList<>(List.of("start",
                "--http-enabled=true", "--hostname-strict=false",
                "--cache-embedded-network-bind-address=127.0.0.1",
                "--cache-embedded-network-bind-port=" + clusterPort));
        args.addAll(List.of(options));
        return start(args);
    }

    private KeycloakNode start(List<String> args) {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is already running");
        }
        List<String> all = new ArrayList<>(args);
        all.add("--http-port=" + httpPort);
        all.add("--http-management-port=" + managementPort);
        all.add("--health-enabled=true");
        all.add("--metrics-enabled=true");
        process = launch(all, home.resolve("server.log"));
        shutdownHook = new Thread(() -> kill(process));
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        awaitReady();
        return this;
    }

    private Process launch(List<String> args, Path log) {
        List<String> cmd = new ArrayList<>();
        cmd.add(home.resolve("bin/kc.sh").toString());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        try {
            Files.writeString(log, "\n==== kc.sh " + String.join(" ", args) + " ====\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            return pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady() {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        HttpRequest ready = HttpRequest.newBuilder(URI.create(managementUrl() + "/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " during start\n" + tail(logFile()));
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(500);
        }
        stop();
        throw new IllegalStateException(name + " not ready after " + START_TIMEOUT + "\n" + tail(logFile()));
    }

    /** SIGTERM (kc.sh forwards it to the JVM for a graceful shutdown), then SIGKILL after 60 s. */
    public void stop() {
        closeAdminClient();
        if (process == null) {
            return;
        }
        kill(process);
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // already shutting down
            }
            shutdownHook = null;
        }
        process = null;
    }

    private static void kill(Process p) {
        if (p == null || !p.isAlive()) {
            return;
        }
        List<ProcessHandle> children = p.descendants().toList();
        p.destroy();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                children.forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
        children.forEach(ProcessHandle::destroyForcibly);
    }

    @Override
    public void close() {
        stop();
    }

    public String baseUrl() {
        return "http://localhost:" + httpPort;
    }

    public String managementUrl() {
        return "http://localhost:" + managementPort;
    }

    public String name() {
        return name;
    }

    public Path home() {
        return home;
    }

    public Path logFile() {
        return home.resolve("server.log");
    }

    /** Whether the log written since the last {@link #markLog()} (or the start) matches. */
    public boolean logMatches(Pattern pattern) {
        try {
            byte[] log = Files.readAllBytes(logFile());
            int from = (int) Math.min(logMark, log.length);
            return pattern.matcher(new String(log, from, log.length - from, StandardCharsets.UTF_8)).find();
        } catch (IOException e) {
            return false;
        }
    }

    /** From now on {@link #logMatches} and {@link #awaitLog} look only at lines written after this call. */
    public void markLog() {
        try {
            logMark = Files.size(logFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Waits until the server log matches, e.g. for a cluster view; false on timeout. */
    public boolean awaitLog(Pattern pattern, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (logMatches(pattern)) {
                return true;
            }
            sleep(250);
        }
        return false;
    }

    /**
     * Keycloak's admin client, signed in as the bootstrap admin of the master realm: one per node, made on first
     * use and closed when the node stops (a restarted node makes a new one).
     */
    public synchronized Keycloak adminClient() {
        if (adminClient == null) {
            adminClient = Keycloak.getInstance(baseUrl(), "master", ADMIN_USER, ADMIN_PASSWORD, "admin-cli");
        }
        return adminClient;
    }

    /** Closes the admin client; the next {@link #adminClient()} signs in afresh (e.g. after a moved clock). */
    public synchronized void closeAdminClient() {
        if (adminClient != null) {
            adminClient.close();
            adminClient = null;
        }
    }

    /**
     * Raw admin REST calls, for what the admin client doesn't cover: the pack's own endpoints (audit REST) and
     * status/body assertions on bad input. Uses the admin client's token, refreshed as needed.
     */
    public AdminApi admin() {
        return new AdminApi(baseUrl(), () -> adminClient().tokenManager().getAccessTokenString());
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public record CommandResult(int exitCode, String output) {
    }
}
